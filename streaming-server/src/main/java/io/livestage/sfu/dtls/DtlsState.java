package io.livestage.sfu.dtls;

/** Lifecycle of one DTLS association; FAILED and CLOSED are final. */
public enum DtlsState {
    NEW,
    CONNECTING,
    CONNECTED,
    FAILED,
    CLOSED
}
