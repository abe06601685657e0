package io.livestage.sfu.dtls;

/**
 * Told about every state change of a {@link DtlsTransport}, on whichever thread caused it (usually
 * the handshake executor): hop to the transport's event loop before touching its state.
 */
@FunctionalInterface
public interface DtlsStateListener {
    void stateChanged(DtlsTransport transport, DtlsState state);
}
