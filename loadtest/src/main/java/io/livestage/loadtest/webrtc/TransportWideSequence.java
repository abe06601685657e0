package io.livestage.loadtest.webrtc;

/**
 * The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01) shared
 * by every stream of one transport, so the receiver's feedback covers all of them. Used on the
 * peer's event loop only.
 */
public final class TransportWideSequence {

    private int next;

    public int next() {
        int value = next;
        next = (next + 1) & 0xFFFF;
        return value;
    }
}
