package io.livestage.sfu.transport;

import io.livestage.sfu.cc.TransportWideSender;
import java.net.InetSocketAddress;

/**
 * Where a consumer's packets go: the subscriber's transport as its send stage sees it. Read from
 * the producers' loops, so every method is safe from any thread and cheap.
 */
public interface SendTarget {
    /** The subscriber's selected address, or null before its first valid ICE check. */
    InetSocketAddress remote();

    /** The subscriber transport's own transport-wide sequence numbers and what became of them. */
    TransportWideSender transportWide();

    /** A keyframe's first packet went out to this subscriber at {@code nowNanos}. */
    void keyframeSent(long nowNanos);

    /** A simulcast track sent here switched to another layer (on the producer's loop). */
    default void layerSwitched() {
    }
}
