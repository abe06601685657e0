package io.livestage.loadtest.chat;

import java.util.concurrent.atomic.LongAdder;

/** What happened so far, updated from every event loop thread without locks. */
final class ChatCounters {
    final LongAdder connected = new LongAdder();
    final LongAdder authenticated = new LongAdder();
    final LongAdder joined = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder joinFailures = new LongAdder();
    /** Joined viewers whose connection ended before the scenario closed it. */
    final LongAdder dropped = new LongAdder();
    final LongAdder chatSent = new LongAdder();
    final LongAdder chatAccepted = new LongAdder();
    final LongAdder chatRejected = new LongAdder();
    final LongAdder chatReceived = new LongAdder();

    long failedViewers() {
        return connectFailures.sum() + authFailures.sum() + joinFailures.sum();
    }

    /** The counts for the progress line. */
    String progress() {
        return String.format("connected %d  authed %d  joined %d  failed %d  dropped %d | chat sent %d  received %d",
                connected.sum(), authenticated.sum(), joined.sum(), failedViewers(), dropped.sum(), chatSent.sum(),
                chatReceived.sum());
    }
}
