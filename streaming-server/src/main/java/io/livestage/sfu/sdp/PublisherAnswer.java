package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.dtls.DtlsFingerprint;

import java.util.List;

/**
 * Our answer to a publisher's offer, with what the transport and the media plane need from it.
 *
 * @param sdp the answer to send back in {@code media.answer}
 * @param remoteIce the publisher's ICE credentials (checks its STUN requests' USERNAME)
 * @param remoteFingerprint the publisher's certificate fingerprint, always SHA-256
 * @param remoteSetup the publisher's {@code a=setup}, {@link DtlsSetup#ACTPASS} when absent
 * @param localSetup our role: {@link DtlsSetup#PASSIVE} (DTLS server) unless the publisher insisted on passive
 * @param media the accepted m-sections in offer order
 * @param rejectedMids the mids answered with port 0
 */
public record PublisherAnswer(String sdp, IceCredentials remoteIce, DtlsFingerprint remoteFingerprint,
        DtlsSetup remoteSetup, DtlsSetup localSetup, List<AcceptedMedia> media, List<String> rejectedMids) {

    public PublisherAnswer {
        media = List.copyOf(media);
        rejectedMids = List.copyOf(rejectedMids);
    }

    /** True when we are the DTLS server. */
    public boolean dtlsServer() {
        return localSetup == DtlsSetup.PASSIVE;
    }
}
