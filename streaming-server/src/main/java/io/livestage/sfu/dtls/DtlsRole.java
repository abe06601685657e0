package io.livestage.sfu.dtls;

/** Which end of the DTLS handshake we play (RFC 8842 a=setup). */
public enum DtlsRole {
    /** We wait for the ClientHello: our SDP says a=setup:passive (toward publishers and viewers). */
    SERVER,
    /** We send the ClientHello: a=setup:active (the Java client, or a future cascade). */
    CLIENT
}
