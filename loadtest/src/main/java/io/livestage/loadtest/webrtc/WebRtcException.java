package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsFailure;

/** A WebRTC peer failed; {@link #failure()} is the reason to branch on, the message is for humans. */
public final class WebRtcException extends RuntimeException {

    private final WebRtcFailure failure;
    private final DtlsFailure dtlsFailure;

    public WebRtcException(WebRtcFailure failure, String message) {
        this(failure, null, message);
    }

    public WebRtcException(WebRtcFailure failure, DtlsFailure dtlsFailure, String message) {
        super(failure + (dtlsFailure == null ? "" : " (" + dtlsFailure + ")") + ": " + message);
        this.failure = failure;
        this.dtlsFailure = dtlsFailure;
    }

    public WebRtcFailure failure() {
        return failure;
    }

    /** The DTLS stack's reason when {@link #failure()} is {@link WebRtcFailure#DTLS_FAILED}; otherwise null. */
    public DtlsFailure dtlsFailure() {
        return dtlsFailure;
    }
}
