package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.SdpAttribute;
import io.livestage.sfu.sdp.SdpDocument;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpMedia;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a client needs from the server's SDP answer: its ICE credentials, its certificate
 * fingerprint and DTLS role, its UDP host candidates, and which header extensions it accepted per
 * kind (they keep our offer's ids). Read from the first accepted m-section, since everything is
 * bundled on one transport. A server that takes our simulcast layers accepts the RID extension with
 * them (and only then), so a video RID id means the layers were taken.
 */
public record ServerAnswer(boolean iceLite, IceCredentials ice, DtlsFingerprint fingerprint, String setup,
        List<InetSocketAddress> hostCandidates, boolean audioAccepted, boolean videoAccepted,
        RtpExtensionIds audioExtensions, RtpExtensionIds videoExtensions) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public ServerAnswer {
        hostCandidates = List.copyOf(hostCandidates);
    }

    public static ServerAnswer parse(String sdp) {
        SdpDocument document;
        try {
            document = SdpDocument.parse(sdp);
        } catch (SdpException e) {
            throw bad("unparseable SDP: " + e.getMessage());
        }
        SdpMedia transport = null;
        SdpMedia audio = null;
        SdpMedia video = null;
        for (SdpMedia media : document.media()) {
            if (media.port() == 0) {
                continue;
            }
            transport = transport == null ? media : transport;
            audio = audio == null && media.kind().equals("audio") ? media : audio;
            video = video == null && media.kind().equals("video") ? media : video;
        }
        if (transport == null) {
            throw bad("the answer accepts no m-section");
        }
        String ufrag = firstOf(transport.value("ice-ufrag"), document.sessionValue("ice-ufrag"));
        String pwd = firstOf(transport.value("ice-pwd"), document.sessionValue("ice-pwd"));
        String fingerprint = firstOf(transport.value("fingerprint"), document.sessionValue("fingerprint"));
        String setup = firstOf(transport.value("setup"), document.sessionValue("setup"));
        if (ufrag == null || pwd == null || fingerprint == null) {
            throw bad("the answer lacks a=ice-ufrag, a=ice-pwd or a=fingerprint");
        }
        try {
            return new ServerAnswer(document.sessionHas("ice-lite"), new IceCredentials(ufrag.trim(), pwd.trim()),
                    DtlsFingerprint.parse(fingerprint), setup == null ? "active" : setup.trim(),
                    hostCandidates(transport), audio != null, video != null,
                    extensions(audio), extensions(video));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The first IPv4 host candidate, where an ICE-lite server listens; browsers would try them all. */
    public InetSocketAddress firstIpv4HostCandidate() {
        for (InetSocketAddress candidate : hostCandidates) {
            if (candidate.getAddress().getAddress().length == 4) {
                return candidate;
            }
        }
        throw bad("the answer has no IPv4 host candidate (" + hostCandidates + ")");
    }

    /** UDP host candidates of component 1 with a literal address (hostnames such as mDNS are skipped). */
    private static List<InetSocketAddress> hostCandidates(SdpMedia media) {
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (String value : media.values("candidate")) {
            String[] f = value.trim().split(" +");
            boolean host = f.length >= 8 && f[1].equals("1") && f[2].equalsIgnoreCase("udp")
                    && f[6].equals("typ") && f[7].equals("host");
            if (host && (IPV4.matcher(f[4]).matches() || f[4].indexOf(':') >= 0)) {
                candidates.add(new InetSocketAddress(literal(f[4]), Integer.parseInt(f[5])));
            }
        }
        return candidates;
    }

    private static InetAddress literal(String address) {
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw bad("bad candidate address " + address);
        }
    }

    private static RtpExtensionIds extensions(SdpMedia media) {
        if (media == null) {
            return RtpExtensionIds.NOTHING;
        }
        int audioLevel = RtpExtensionIds.NONE;
        int absSendTime = RtpExtensionIds.NONE;
        int transportCc = RtpExtensionIds.NONE;
        int mid = RtpExtensionIds.NONE;
        int rid = RtpExtensionIds.NONE;
        for (SdpAttribute attribute : media.attributes()) {
            if (!attribute.name().equals("extmap") || attribute.value() == null) {
                continue;
            }
            String[] parts = attribute.value().trim().split(" +");
            int slash = parts[0].indexOf('/');
            int id = Integer.parseInt(slash < 0 ? parts[0] : parts[0].substring(0, slash));
            switch (parts.length > 1 ? parts[1] : "") {
                case HeaderExtension.AUDIO_LEVEL -> audioLevel = id;
                case HeaderExtension.ABS_SEND_TIME -> absSendTime = id;
                case HeaderExtension.TRANSPORT_CC -> transportCc = id;
                case HeaderExtension.MID -> mid = id;
                case HeaderExtension.RID -> rid = id;
                default -> {
                    // Extensions we do not write need no id.
                }
            }
        }
        return new RtpExtensionIds(audioLevel, absSendTime, transportCc, mid, rid);
    }

    private static String firstOf(String mediaLevel, String sessionLevel) {
        return mediaLevel != null ? mediaLevel : sessionLevel;
    }

    private static WebRtcException bad(String message) {
        return new WebRtcException(WebRtcFailure.BAD_ANSWER, message);
    }
}
