package io.livestage.sfu.sdp;

import java.util.List;

/**
 * Writes a subscriber's offer. Every bundled section carries the full transport (ICE, fingerprint,
 * {@code a=setup:actpass}, our candidates): JSEP (RFC 8829 section 5.2.1) has an offerer repeat
 * them so any section could become the BUNDLE tag, and Chrome reads them from the tag.
 */
final class SubscriberOfferWriter {

    private static final String PROTO = "UDP/TLS/RTP/SAVPF";

    private SubscriberOfferWriter() {
    }

    static String write(LocalTransportDescription local, long sessionId, long sessionVersion,
            List<SubscriberSection> sections) {
        SdpWriter sdp = new SdpWriter();
        sdp.line("v=0")
                .line("o=livestage " + sessionId + " " + sessionVersion + " IN IP4 127.0.0.1")
                .line("s=-")
                .line("t=0 0")
                .line("a=ice-lite");
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (SubscriberSection section : sections) {
            if (section.bundled()) {
                bundle.append(' ').append(section.mid());
            }
        }
        sdp.line(bundle.toString());
        sdp.line("a=msid-semantic: WMS *");
        for (SubscriberSection section : sections) {
            if (section.bundled()) {
                writeBundled(sdp, local, section);
            } else {
                writeClosed(sdp, section);
            }
        }
        return sdp.toString();
    }

    private static void writeBundled(SdpWriter sdp, LocalTransportDescription local, SubscriberSection section) {
        sdp.line("m=" + section.kind() + " 9 " + PROTO + SdpWriter.formats(section.codecs()));
        sdp.line("c=IN IP4 0.0.0.0");
        sdp.line("a=mid:" + section.mid());
        sdp.transport(local, DtlsSetup.ACTPASS);
        sdp.extensions(section.extensions());
        boolean sending = section.state() == SectionState.SENDING;
        sdp.line(sending ? "a=sendonly" : "a=inactive");
        OutgoingTrack track = section.track();
        String msid = sending ? track.streamId() + " " + track.trackId() : null;
        if (sending) {
            sdp.line("a=msid:" + msid);
        }
        sdp.line("a=rtcp-mux");
        sdp.line("a=rtcp-rsize");
        sdp.codecs(section.codecs());
        if (sending && track.layers().isEmpty()) {
            writeStream(sdp, track.ssrc(), track.rtxSsrc(), track.cname(), msid);
        } else if (sending) {
            // Every layer, lowest first, as libwebrtc's SDP-signalled simulcast (a=ssrc-group:SIM) lists them.
            StringBuilder group = new StringBuilder("a=ssrc-group:SIM");
            for (OutgoingTrack.LayerStream layer : track.layers()) {
                group.append(' ').append(layer.ssrc());
            }
            sdp.line(group.toString());
            for (OutgoingTrack.LayerStream layer : track.layers()) {
                writeStream(sdp, layer.ssrc(), layer.rtxSsrc(), track.cname(), msid);
            }
        }
    }

    private static void writeStream(SdpWriter sdp, long ssrc, long rtxSsrc, String cname, String msid) {
        if (rtxSsrc != -1) {
            sdp.line("a=ssrc-group:FID " + ssrc + " " + rtxSsrc);
        }
        writeSsrc(sdp, ssrc, cname, msid);
        if (rtxSsrc != -1) {
            writeSsrc(sdp, rtxSsrc, cname, msid);
        }
    }

    private static void writeSsrc(SdpWriter sdp, long ssrc, String cname, String msid) {
        sdp.line("a=ssrc:" + ssrc + " cname:" + cname);
        sdp.line("a=ssrc:" + ssrc + " msid:" + msid);
    }

    /**
     * Port 0 and out of the group: the browser stops the transceiver and ends the track. The
     * codec lines stay so the m= line's formats keep their meaning for parsers that check them.
     */
    private static void writeClosed(SdpWriter sdp, SubscriberSection section) {
        sdp.line("m=" + section.kind() + " 0 " + PROTO + SdpWriter.formats(section.codecs()));
        sdp.line("c=IN IP4 0.0.0.0");
        sdp.line("a=mid:" + section.mid());
        sdp.line("a=inactive");
        sdp.line("a=rtcp-mux");
        sdp.codecs(section.codecs());
    }
}
