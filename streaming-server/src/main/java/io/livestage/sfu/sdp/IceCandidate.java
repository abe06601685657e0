package io.livestage.sfu.sdp;

/** An {@code a=candidate} line (RFC 8839 section 5.1), the fields an ICE-lite server can use. */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, String type) {

    static IceCandidate parse(String text) throws SdpException {
        String[] f = SdpText.fields(text.trim());
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new SdpException("malformed a=candidate:" + text);
        }
        return new IceCandidate(f[0], SdpDocument.parseInt(f[1], "candidate component"), f[2],
                SdpDocument.parseLong(f[3], "candidate priority"), f[4], SdpDocument.parseInt(f[5], "candidate port"),
                f[7]);
    }
}
