package io.livestage.loadtest.webrtc;

import io.livestage.sfu.sdp.SdpDocument;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpMedia;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's subscriber offer ({@code media.offer}): its transport (ICE-lite credentials,
 * fingerprint, {@code actpass}, host candidates, read as {@link ServerAnswer} reads an answer's)
 * and the tracks its {@code sendonly} sections carry.
 */
public record ServerOffer(String sdp, ServerAnswer transport, List<OfferedStream> streams) {

    public ServerOffer {
        streams = List.copyOf(streams);
    }

    public static ServerOffer parse(String sdp) {
        ServerAnswer transport = ServerAnswer.parse(sdp);
        SdpDocument document;
        try {
            document = SdpDocument.parse(sdp);
        } catch (SdpException e) {
            throw new WebRtcException(WebRtcFailure.BAD_ANSWER, "unparseable offer: " + e.getMessage());
        }
        List<OfferedStream> streams = new ArrayList<>();
        for (SdpMedia media : document.media()) {
            if (media.port() != 0 && media.has("sendonly")) {
                streams.add(stream(media));
            }
        }
        return new ServerOffer(sdp, transport, streams);
    }

    /** The track sent from {@code ssrc}, or null. */
    public OfferedStream stream(long ssrc) {
        for (OfferedStream stream : streams) {
            if (stream.ssrc() == ssrc) {
                return stream;
            }
        }
        return null;
    }

    private static OfferedStream stream(SdpMedia media) {
        Map<Integer, String> codecs = new HashMap<>();
        int clockRate = 0;
        for (String rtpmap : media.values("rtpmap")) {
            String[] parts = rtpmap.trim().split("[ /]+");
            codecs.put(Integer.parseInt(parts[0]), parts[1]);
            if (clockRate == 0) {
                clockRate = Integer.parseInt(parts[2]);
            }
        }
        long ssrc = -1;
        long rtx = -1;
        String fid = null;
        for (String group : media.values("ssrc-group")) {
            if (group.startsWith("FID ")) {
                fid = group;
            }
        }
        if (fid != null) {
            String[] parts = fid.trim().split(" +");
            ssrc = Long.parseLong(parts[1]);
            rtx = Long.parseLong(parts[2]);
        } else if (!media.values("ssrc").isEmpty()) {
            ssrc = Long.parseLong(media.values("ssrc").get(0).trim().split(" ")[0]);
        }
        return new OfferedStream(media.value("mid"), media.kind(), ssrc, rtx, codecs, clockRate);
    }
}
