package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.dtls.DtlsFingerprint;

import java.util.List;

/**
 * One m-section of an offer, interpreted. Transport attributes (ICE credentials, fingerprints,
 * setup) fall back to the session level when the section does not carry them; a value that
 * appears nowhere is null (or empty for lists).
 *
 * @param port the m= port; 0 means the offerer disabled the section unless {@code bundleOnly}
 * @param codecs in the offer's order of preference (the m= line's format order)
 * @param rids the simulcast layers it offers to send, lowest first ({@link SimulcastOffer}); empty without simulcast
 */
public record OfferedSection(
        String mid,
        String kind,
        int port,
        String proto,
        List<String> formats,
        MediaDirection direction,
        IceCredentials ice,
        List<DtlsFingerprint> fingerprints,
        DtlsSetup setup,
        boolean rtcpMux,
        boolean rtcpReducedSize,
        boolean bundleOnly,
        List<RtpCodec> codecs,
        List<HeaderExtension> extensions,
        List<SsrcDescription> ssrcs,
        List<SsrcGroup> ssrcGroups,
        String msid,
        List<IceCandidate> candidates,
        List<String> rids) {

    public OfferedSection {
        formats = List.copyOf(formats);
        fingerprints = List.copyOf(fingerprints);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        candidates = List.copyOf(candidates);
        rids = List.copyOf(rids);
    }

    public boolean isRtp() {
        return proto.contains("RTP/");
    }

    /** The first fingerprint made with {@code algorithm} (e.g. {@link DtlsFingerprint#SHA_256}), or null. */
    public DtlsFingerprint fingerprint(String algorithm) {
        for (DtlsFingerprint fingerprint : fingerprints) {
            if (fingerprint.hashFunction().equals(algorithm)) {
                return fingerprint;
            }
        }
        return null;
    }

    /** The id the offer gave the extension {@code uri}, or -1. */
    public int extensionId(String uri) {
        return HeaderExtension.idOf(extensions, uri);
    }

    public RtpCodec codec(int payloadType) {
        return RtpCodec.find(codecs, payloadType);
    }
}
