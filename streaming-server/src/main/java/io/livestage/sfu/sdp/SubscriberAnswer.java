package io.livestage.sfu.sdp;

import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.IceCredentials;

import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber's answer to our {@link SubscriberOffer}, checked against it, with what the
 * transport and the consumers need.
 *
 * @param remoteIce the subscriber's ICE credentials (checks its STUN requests' USERNAME)
 * @param remoteFingerprint the subscriber's certificate fingerprint, always SHA-256
 * @param remoteSetup the subscriber's {@code a=setup}: active (browsers) or passive
 * @param localSetup our role, the other one: {@link DtlsSetup#PASSIVE} means we are the DTLS server
 * @param sections one per m-section of the offer, in order
 */
public record SubscriberAnswer(IceCredentials remoteIce, DtlsFingerprint remoteFingerprint, DtlsSetup remoteSetup,
        DtlsSetup localSetup, List<AnsweredSection> sections) {

    public SubscriberAnswer {
        sections = List.copyOf(sections);
    }

    /**
     * Reads {@code answerSdp} as the answer to {@code offer}.
     *
     * @throws SdpException saying why, for an answer that does not match the offer (m-sections,
     *     mids, payload types or extension ids we did not offer), wants to send media to us, lacks
     *     ICE credentials or a SHA-256 fingerprint, leaves the DTLS role open, or rejects everything
     */
    public static SubscriberAnswer parse(String answerSdp, SubscriberOffer offer) throws SdpException {
        SdpDocument document = SdpDocument.parse(answerSdp);
        List<SubscriberSection> offered = offer.sections();
        if (document.media().size() != offered.size()) {
            throw new SdpException("the answer has " + document.media().size() + " m-sections, our offer "
                    + offered.size());
        }
        List<String> bundle = SdpOffer.bundleGroup(document);
        List<AnsweredSection> sections = new ArrayList<>();
        OfferedSection transport = null;
        for (int i = 0; i < offered.size(); i++) {
            OfferedSection section = OfferedSectionParser.parse(document.media().get(i), document);
            AnsweredSection answered = SubscriberAnswerCheck.section(i, offered.get(i), section);
            if (answered.accepted()) {
                if (!bundle.contains(answered.mid()) && offer.bundleMids().size() > 1) {
                    throw new SdpException("the answer leaves mid " + answered.mid()
                            + " out of its BUNDLE group; we serve one transport");
                }
                boolean tag = !bundle.isEmpty() && bundle.get(0).equals(answered.mid());
                if (transport == null || tag) {
                    transport = section;
                }
            }
            sections.add(answered);
        }
        if (transport == null) {
            throw new SdpException("the answer rejects every m-section, which leaves no transport");
        }
        return transportOf(transport, sections);
    }

    private static SubscriberAnswer transportOf(OfferedSection transport, List<AnsweredSection> sections)
            throws SdpException {
        if (transport.ice() == null) {
            throw new SdpException("the answer has no ICE credentials (a=ice-ufrag and a=ice-pwd)");
        }
        DtlsFingerprint fingerprint = transport.fingerprint(DtlsFingerprint.SHA_256);
        if (fingerprint == null) {
            throw new SdpException("the answer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)");
        }
        // RFC 4145 section 4: an absent a=setup means active.
        DtlsSetup remoteSetup = transport.setup() == null ? DtlsSetup.ACTIVE : transport.setup();
        if (remoteSetup == DtlsSetup.ACTPASS) {
            throw new SdpException(
                    "a=setup:actpass is not allowed in an answer (RFC 5763): it must pick active or passive");
        }
        if (remoteSetup == DtlsSetup.HOLDCONN) {
            throw new SdpException("the answer holds the DTLS connection (a=setup:holdconn)");
        }
        DtlsSetup localSetup = remoteSetup == DtlsSetup.ACTIVE ? DtlsSetup.PASSIVE : DtlsSetup.ACTIVE;
        return new SubscriberAnswer(transport.ice(), fingerprint, remoteSetup, localSetup, sections);
    }

    /** True when we are the DTLS server. */
    public boolean dtlsServer() {
        return localSetup == DtlsSetup.PASSIVE;
    }

    public AnsweredSection section(String mid) {
        for (AnsweredSection section : sections) {
            if (section.mid().equals(mid)) {
                return section;
            }
        }
        return null;
    }
}
