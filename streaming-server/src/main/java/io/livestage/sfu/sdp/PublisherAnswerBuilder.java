package io.livestage.sfu.sdp;

import io.livestage.sfu.dtls.DtlsFingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a publisher's offer for our ICE-lite SFU: one BUNDLE transport, rtcp-mux, our host
 * candidates, DTLS with us as server (RFC 8842: an answerer to actpass picks passive), and per
 * m-section the codecs, extensions and feedback {@link PublisherCodecPolicy} accepts. We only
 * receive on a publisher connection, so accepted sections are recvonly.
 *
 * <p>An m-section we cannot use is rejected with port 0 and the others still go ahead; an offer
 * we cannot serve at all is an {@link SdpException} saying why.
 */
public final class PublisherAnswerBuilder {
    /** A phone sends audio and video, perhaps a screen: each track costs every viewer an m-section. */
    static final int MAX_TRACKS = 8;
    /** Three simulcast layers with their RTX streams fit; more only cost us state. */
    static final int MAX_SSRCS_PER_SECTION = 8;

    private PublisherAnswerBuilder() {
    }

    public static PublisherAnswer answer(SdpOffer offer, LocalTransportDescription local) throws SdpException {
        return answer(offer, local, null);
    }

    /**
     * An answer that keeps our DTLS role from an earlier negotiation ({@code keptSetup}, null for a
     * first answer): for an ICE restart, where the DTLS association carries on. An offer that
     * forbids that role is an {@link SdpException}.
     */
    public static PublisherAnswer answer(SdpOffer offer, LocalTransportDescription local, DtlsSetup keptSetup)
            throws SdpException {
        List<OfferedSection> sections = offer.sections();
        if (sections.size() > 1 && offer.bundleMids().isEmpty()) {
            throw new SdpException("the offer must bundle its m-sections (a=group:BUNDLE); we serve one transport");
        }
        List<AcceptedMedia> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        OfferedSection transport = null;
        for (OfferedSection section : sections) {
            String reason = accepted.size() == MAX_TRACKS
                    ? "we take at most " + MAX_TRACKS + " m-sections from one publisher" : rejectionReason(offer, section);
            if (reason != null) {
                rejected.add(section.mid());
                reasons.add("mid " + section.mid() + ": " + reason);
                continue;
            }
            if (transport == null) {
                transport = section;
            }
            accepted.add(new AcceptedMedia(section.mid(), section.kind(),
                    section.direction().sends() ? MediaDirection.RECVONLY : MediaDirection.INACTIVE,
                    PublisherCodecPolicy.codecs(section), PublisherCodecPolicy.extensions(section),
                    section.ssrcs(), section.ssrcGroups(), PublisherCodecPolicy.layers(section), section.msid()));
        }
        if (transport == null) {
            throw new SdpException("no m-section we can receive (" + String.join("; ", reasons) + ")");
        }
        if (transport.ice() == null || transport.ice().ufrag().isEmpty() || transport.ice().pwd().isEmpty()) {
            throw new SdpException("the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)");
        }
        DtlsFingerprint fingerprint = transport.fingerprint(DtlsFingerprint.SHA_256);
        if (fingerprint == null) {
            throw new SdpException("the offer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)");
        }
        DtlsSetup remoteSetup = transport.setup() == null ? DtlsSetup.ACTPASS : transport.setup();
        if (remoteSetup == DtlsSetup.HOLDCONN) {
            throw new SdpException("the offer holds the DTLS connection (a=setup:holdconn)");
        }
        DtlsSetup localSetup = remoteSetup == DtlsSetup.PASSIVE ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE;
        if (keptSetup != null && keptSetup != localSetup) {
            if (remoteSetup != DtlsSetup.ACTPASS) {
                throw new SdpException("the offer's a=setup:" + remoteSetup.attribute()
                        + " would change the DTLS roles of the running association");
            }
            localSetup = keptSetup;
        }
        String sdp = write(offer, accepted, local, localSetup);
        return new PublisherAnswer(sdp, transport.ice(), fingerprint, remoteSetup, localSetup, accepted, rejected);
    }

    private static String rejectionReason(SdpOffer offer, OfferedSection section) {
        if (section.ssrcs().size() > MAX_SSRCS_PER_SECTION) {
            return "it announces " + section.ssrcs().size() + " SSRCs; we take at most " + MAX_SSRCS_PER_SECTION;
        }
        if (section.port() == 0 && !section.bundleOnly()) {
            return "disabled by the offer (port 0)";
        }
        if (!section.kind().equals("audio") && !section.kind().equals("video")) {
            return "we take no " + section.kind() + " m-section";
        }
        if (!offer.bundleMids().isEmpty() && !offer.bundleMids().contains(section.mid())) {
            return "not in the BUNDLE group";
        }
        if (!section.proto().endsWith("RTP/SAVPF")) {
            return "profile " + section.proto() + " is not DTLS-SRTP with feedback (UDP/TLS/RTP/SAVPF)";
        }
        if (!section.rtcpMux()) {
            return "no a=rtcp-mux";
        }
        if (PublisherCodecPolicy.codecs(section).isEmpty()) {
            return section.kind().equals("audio") ? "no supported codec (opus)"
                    : "no supported codec (VP8, H264 packetization-mode=1)";
        }
        return null;
    }

    private static String write(SdpOffer offer, List<AcceptedMedia> accepted, LocalTransportDescription local,
            DtlsSetup localSetup) {
        SdpWriter sdp = new SdpWriter();
        sdp.line("v=0")
                .line("o=livestage " + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1")
                .line("s=-")
                .line("t=0 0")
                .line("a=ice-lite");
        if (!offer.bundleMids().isEmpty()) {
            StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
            for (AcceptedMedia media : accepted) {
                bundle.append(' ').append(media.mid());
            }
            sdp.line(bundle.toString());
        }
        int next = 0;
        for (OfferedSection section : offer.sections()) {
            AcceptedMedia media = next < accepted.size() && accepted.get(next).mid().equals(section.mid())
                    ? accepted.get(next++) : null;
            if (media == null) {
                writeRejected(sdp, section);
            } else {
                writeAccepted(sdp, section, media, local, localSetup);
            }
        }
        return sdp.toString();
    }

    private static void writeRejected(SdpWriter sdp, OfferedSection section) {
        sdp.line("m=" + section.kind() + " 0 " + section.proto() + " " + String.join(" ", section.formats()));
        sdp.line("c=IN IP4 0.0.0.0");
        sdp.line("a=mid:" + section.mid());
        if (section.isRtp()) {
            sdp.line("a=inactive");
        }
    }

    private static void writeAccepted(SdpWriter sdp, OfferedSection section, AcceptedMedia media,
            LocalTransportDescription local, DtlsSetup localSetup) {
        sdp.line("m=" + media.kind() + " 9 " + section.proto() + SdpWriter.formats(media.codecs()));
        sdp.line("c=IN IP4 0.0.0.0");
        sdp.line("a=mid:" + media.mid());
        sdp.transport(local, localSetup);
        sdp.extensions(media.extensions());
        sdp.line("a=" + media.direction().attribute());
        sdp.line("a=rtcp-mux");
        if (section.rtcpReducedSize()) {
            sdp.line("a=rtcp-rsize");
        }
        sdp.codecs(media.codecs());
        if (media.simulcast()) {
            for (String rid : media.rids()) {
                sdp.line("a=rid:" + rid + " recv");
            }
            sdp.line("a=simulcast:recv " + String.join(";", media.rids()));
        }
    }
}
