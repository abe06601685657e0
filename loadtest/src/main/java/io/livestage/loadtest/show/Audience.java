package io.livestage.loadtest.show;

import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.PlatformTokens;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.webrtc.JavaSubscriber;
import io.livestage.loadtest.webrtc.PeerState;
import io.livestage.loadtest.webrtc.ReceivedTrackStats;
import io.livestage.loadtest.webrtc.SubscriberOptions;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The show's subscribers: each started one at a time from the scenario's control thread (binding its UDP
 * socket there), then subscribing, answering, pinning its simulcast layer if it has one, and connecting
 * ICE, DTLS and SRTP on the shared loops.
 */
final class Audience {

    /**
     * What every subscriber has received so far, and each one's packet count in the order they connected; and
     * per node (the publisher's first, then the edges) the packets its subscribers received.
     */
    record Snapshot(long[] packetsBySubscriber, ReceiveTotals totals, long[] receivedByNode) {
    }

    private final SignalingConnector connector;
    /** Where subscribers connect, in turn: the publisher's node, then the edges; each with its options. */
    private final List<URI> nodes;
    private final List<SubscriberOptions> nodeOptions;
    private final Map<JavaSubscriber, Integer> nodeOf = new ConcurrentHashMap<>();
    /** With failover, where lost subscribers start again; null without. */
    private final ScheduledExecutorService failover;
    private final Histogram outages = new Histogram(3);
    private final LongAdder lost = new LongAdder();
    private final LongAdder hinted = new LongAdder();
    /** Subscribers on their way off their node (each leaves once, whichever of its close or a hint comes first). */
    private final Set<JavaSubscriber> leaving = ConcurrentHashMap.newKeySet();
    /**
     * What subscribers that left their node had received by then, in all and by node: the window's figures go on
     * counting it, so a subscriber that moves mid-window neither vanishes from them nor makes them negative.
     * Guarded by this, with {@link #connected}'s changes as a subscriber leaves.
     */
    private ReceiveTotals departed = ReceiveTotals.NONE;
    private final long[] departedByNode;
    private final LongAdder back = new LongAdder();
    private volatile boolean closing;
    private final PlatformTokens tokens;
    private final WebRtcPeerGroup peers;
    private final FailureLog failures;
    private final IntFunction<String> pins;
    private final List<JavaSubscriber> connected = new CopyOnWriteArrayList<>();
    private final LongAdder failed = new LongAdder();
    private int started;

    /**
     * @param nodes       where subscriber i connects: the (i mod size)-th
     * @param nodeOptions the options of the subscribers of each node (their own latency recorder)
     * @param pins        the simulcast layer subscriber i (from 0) pins, or null for none
     * @param failover    where a subscriber whose connection closes starts again through the next node, after
     *                    the web client's backoff, or one its node asks to reconnect (it drains) after the delay
     *                    asked for; null to let it go
     */
    Audience(SignalingConnector connector, List<URI> nodes, List<SubscriberOptions> nodeOptions, PlatformTokens tokens,
            WebRtcPeerGroup peers, FailureLog failures, IntFunction<String> pins, ScheduledExecutorService failover) {
        this.failover = failover;
        this.connector = connector;
        this.nodes = List.copyOf(nodes);
        this.departedByNode = new long[nodes.size()];
        this.nodeOptions = List.copyOf(nodeOptions);
        this.tokens = tokens;
        this.peers = peers;
        this.failures = failures;
        this.pins = pins;
    }

    /** Starts one more subscriber; from one thread only. */
    void startNext() {
        int index = started++;
        int node = index % nodes.size();
        CompletableFuture<JavaSubscriber> starting;
        try {
            starting = start(index, node);
        } catch (RuntimeException e) {
            failed.increment();
            failures.record("subscribe", e);
            return;
        }
        starting.whenComplete((subscriber, failure) -> {
            if (failure != null) {
                failed.increment();
                failures.record("subscribe", failure);
            } else {
                joined(subscriber, index, node);
            }
        });
    }

    private CompletableFuture<JavaSubscriber> start(int index, int node) {
        return JavaSubscriber.start(connector, nodes.get(node), tokens.viewer(index), peers,
                nodeOptions.get(node).withLayer(pins.apply(index)));
    }

    private void joined(JavaSubscriber subscriber, int index, int node) {
        nodeOf.put(subscriber, node);
        connected.add(subscriber);
        if (failover != null) {
            // Its node died: through the next node after the web client's first backoff.
            subscriber.signaling().closeFuture().whenComplete((done, failure) ->
                    moveOn(subscriber, index, node, lost, backoffMillis()));
            // Its node drains and asks it to come back through another: as the web client does, it closes its
            // connection after the delay the node gave and connects again at once.
            subscriber.reconnectAsked().thenAccept(afterMillis -> failover.schedule(
                    () -> moveOn(subscriber, index, node, hinted, 0), afterMillis, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The subscriber leaves its node (counted in {@code why}, once whatever comes first) and starts again through the
     * next node after {@code delayMillis}, and on through the others, after the backoff, while they refuse it.
     */
    private void moveOn(JavaSubscriber subscriber, int index, int node, LongAdder why, long delayMillis) {
        if (closing || !leaving.add(subscriber)) {
            return; // the run ends, or it is leaving already (a hint followed, then its own close seen)
        }
        long lostNanos = System.nanoTime();
        why.increment();
        subscriber.received().whenComplete((streams, failure) -> {
            ReceiveTotals had = streams == null ? ReceiveTotals.NONE : ReceiveTotals.of(streams);
            synchronized (this) {
                departed = departed.plus(had);
                departedByNode[node] += had.received();
                connected.remove(subscriber);
                nodeOf.remove(subscriber);
            }
            subscriber.close();
            retry(index, (node + 1) % nodes.size(), lostNanos, nodes.size() - 1, delayMillis);
        });
    }

    /** The web client's first reconnect backoff: 375 to 625 ms. */
    private static long backoffMillis() {
        return 375 + ThreadLocalRandom.current().nextLong(251);
    }

    private void retry(int index, int node, long lostNanos, int triesLeft, long delayMillis) {
        failover.schedule(() -> {
            if (closing) {
                return;
            }
            start(index, node).whenComplete((subscriber, failure) -> {
                if (failure != null) {
                    failures.record("failover", failure);
                    if (triesLeft > 1) {
                        retry(index, (node + 1) % nodes.size(), lostNanos, triesLeft - 1, backoffMillis());
                    }
                } else {
                    joined(subscriber, index, node);
                    awaitFirstPacket(subscriber, lostNanos, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                }
            });
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The outage ends with the first packet through the new node. */
    private void awaitFirstPacket(JavaSubscriber subscriber, long lostNanos, long deadline) {
        subscriber.received().whenComplete((streams, failure) -> {
            long packets = streams == null ? 0 : ReceiveTotals.of(streams).received();
            long now = System.nanoTime();
            if (packets > 0) {
                synchronized (outages) {
                    outages.recordValue(TimeUnit.NANOSECONDS.toMillis(now - lostNanos));
                }
                back.increment();
            } else if (now < deadline && !closing) {
                failover.schedule(() -> awaitFirstPacket(subscriber, lostNanos, deadline), 20, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** The failover figures so far, or null without failover. */
    Failover failover() {
        if (failover == null) {
            return null;
        }
        synchronized (outages) {
            return new Failover(lost.sum(), hinted.sum(), back.sum(), LatencySummary.of(outages));
        }
    }

    /** Connected subscribers of each node, the publisher's first. */
    int[] connectedByNode() {
        int[] counts = new int[nodes.size()];
        for (JavaSubscriber subscriber : connected) {
            counts[nodeOf.getOrDefault(subscriber, 0)]++;
        }
        return counts;
    }

    int started() {
        return started;
    }

    int connected() {
        return connected.size();
    }

    long failed() {
        return failed.sum();
    }

    /** Subscribers whose media transport and signaling connection are both still up. */
    long held() {
        return connected.stream()
                .filter(s -> s.peer().state() == PeerState.CONNECTED && s.signaling().isOpen())
                .count();
    }

    /** Connected subscribers by the simulcast layer the server last said it forwards them ("none" before it said). */
    Map<String, Long> byLayer() {
        Map<String, Long> counts = new TreeMap<>();
        for (JavaSubscriber subscriber : connected) {
            String layer = subscriber.layer();
            counts.merge(layer == null ? "none" : layer, 1L, Long::sum);
        }
        return counts;
    }

    /** Connected subscribers that pinned a layer (not auto) and were last told they get another. */
    long offPin() {
        return connected.stream()
                .filter(s -> s.pinnedLayer() != null && !s.pinnedLayer().equals("auto")
                        && !s.pinnedLayer().equals(s.layer()))
                .count();
    }

    /** Gathers every subscriber's figures on its event loop; waits at most {@code limit}. */
    Snapshot snapshot(Duration limit) throws InterruptedException {
        List<CompletableFuture<List<ReceivedTrackStats>>> pending = new ArrayList<>();
        List<Integer> nodeIndexes = new ArrayList<>();
        ReceiveTotals totals;
        long[] byNode;
        synchronized (this) {
            for (JavaSubscriber subscriber : connected) {
                pending.add(subscriber.received());
                nodeIndexes.add(nodeOf.getOrDefault(subscriber, 0));
            }
            totals = departed;
            byNode = departedByNode.clone();
        }
        // A loop too busy to answer in time leaves its subscribers out of this snapshot (counted as nothing).
        awaitAll(pending, limit, "snapshot");
        long[] packets = new long[pending.size()];
        for (int i = 0; i < packets.length; i++) {
            List<ReceivedTrackStats> streams = pending.get(i).getNow(List.of());
            ReceiveTotals subscriber = ReceiveTotals.of(streams);
            packets[i] = subscriber.received();
            byNode[nodeIndexes.get(i)] += subscriber.received();
            totals = totals.plus(subscriber);
        }
        return new Snapshot(packets, totals, byNode);
    }

    /** Closes every subscriber: unsubscribe, DTLS close_notify, socket and signaling. */
    void closeAll(Duration limit) throws InterruptedException {
        closing = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (JavaSubscriber subscriber : connected) {
            closing.add(subscriber.close());
        }
        // What is still open goes with the peer group's and the connector's event loops.
        awaitAll(closing, limit, "close");
    }

    /** Waits for every future up to {@code limit}; a failure or the timeout is logged under {@code stage}. */
    private void awaitAll(List<? extends CompletableFuture<?>> futures, Duration limit, String stage)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failures.record(stage, e);
        }
    }
}
