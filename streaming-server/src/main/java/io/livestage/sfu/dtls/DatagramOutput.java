package io.livestage.sfu.dtls;

/**
 * Where DTLS records go: the caller routes them to the peer's current address on its UDP channel.
 * Called from the handshake executor; the bytes are only valid during the call, so copy them
 * (e.g. into a pooled buffer) before handing them to another thread.
 */
@FunctionalInterface
public interface DatagramOutput {
    void send(byte[] data, int offset, int length);
}
