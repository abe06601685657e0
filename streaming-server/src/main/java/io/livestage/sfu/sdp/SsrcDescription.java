package io.livestage.sfu.sdp;

/** An SSRC the offerer will send ({@code a=ssrc}), with its CNAME and msid when given (else null). */
public record SsrcDescription(long ssrc, String cname, String msid) {
}
