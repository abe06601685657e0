package io.livestage.sfu.transport;

import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.udp.MediaLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One track a publisher sends, as subscribers see it: one stream, or up to three simulcast layers
 * (each a {@link Producer} of its own SSRC, learned from the RID header extension, lowest
 * resolution first), and the consumers that forward it. Subscribers know the track by {@link
 * #description()}: for a simulcast track an SSRC of our own, since theirs is one stream whichever
 * layer it carries.
 *
 * <p>It also decides which layers the publisher should send: the lowest always, the others while
 * some consumer receives or wants them, and {@value #PAUSE_AFTER_NANOS} ns more so a viewer near a
 * threshold does not make the phone's encoder flap.
 *
 * <p>Its consumers are grouped by the media loop that sends for them (their subscriber's): the
 * publisher's loop hands each incoming packet once to every loop that has some ({@link
 * FanOutStage}), so one show's fan-out runs on every core.
 *
 * <p>Used on the publisher transport's loop, except the reads marked for any thread.
 */
public final class MediaSource implements LayerSelector.Layers {
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];
    private static final Consumer[][] NO_GROUPS = new Consumer[0][];
    static final long PAUSE_AFTER_NANOS = 3_000_000_000L;
    static final long RESUME_GRACE_NANOS = 3_000_000_000L;

    private final TrackDescription description;
    private final List<String> rids;
    /** How a relay to another node sends each layer (empty for a track of one stream); fixed, any thread. */
    private final List<OutgoingTrack.LayerStream> layerStreams;
    /** Set when a layer's first packet arrives; read by subscribers' loops, hence volatile elements. */
    private final AtomicReferenceArray<Producer> layers;
    private final long[] unneededSince;
    /** When each layer was last resumed; read by subscribers' loops. */
    private final AtomicLongArray resumedAt;
    /** Replaced, never mutated, so the fan-out loops need no guard against concurrent change. */
    private volatile Consumer[] consumers = NO_CONSUMERS;
    /** The same consumers by the index of the loop that sends for them; replaced with {@link #consumers}. */
    private volatile Consumer[][] consumersByLoop = NO_GROUPS;
    /** Layers the publisher was last told to send, one bit each. */
    private volatile int activeLayers;

    /**
     * @param rids the simulcast layers' rids, lowest first; empty for a track of one stream
     */
    MediaSource(TrackDescription description, List<String> rids) {
        this.description = description;
        this.rids = List.copyOf(rids);
        this.layers = new AtomicReferenceArray<>(Math.max(1, rids.size()));
        this.unneededSince = new long[layers.length()];
        this.resumedAt = new AtomicLongArray(layers.length());
        for (int i = 0; i < layers.length(); i++) {
            resumedAt.set(i, System.nanoTime() - 2 * RESUME_GRACE_NANOS);
        }
        this.activeLayers = (1 << layers.length()) - 1;
        this.layerStreams = layerStreams(description, rids.size());
    }

    /**
     * SSRCs of our own for each layer, the lowest being the track's: a relay sends every layer under them, so they
     * are fixed for the track's life (a relay's offers name the same streams each time).
     */
    private static List<OutgoingTrack.LayerStream> layerStreams(TrackDescription description, int count) {
        if (count < 2) {
            return List.of();
        }
        boolean repairs = description.rtxSsrc() != -1;
        Set<Long> taken = new HashSet<>(List.of(description.ssrc()));
        if (repairs) {
            taken.add(description.rtxSsrc());
        }
        List<OutgoingTrack.LayerStream> streams = new ArrayList<>();
        streams.add(new OutgoingTrack.LayerStream(description.ssrc(), description.rtxSsrc()));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (streams.size() < count) {
            long ssrc = fresh(random, taken);
            streams.add(new OutgoingTrack.LayerStream(ssrc, repairs ? fresh(random, taken) : -1));
        }
        return List.copyOf(streams);
    }

    /** A random SSRC not in {@code taken}, which it joins. */
    private static long fresh(ThreadLocalRandom random, Set<Long> taken) {
        long ssrc;
        do {
            ssrc = random.nextLong(1, 0x1_0000_0000L);
        } while (!taken.add(ssrc));
        return ssrc;
    }

    /** Each layer's stream as a relay to another node sends it, lowest first; empty for a track of one stream. */
    public List<OutgoingTrack.LayerStream> layerStreams() {
        return layerStreams;
    }

    public TrackDescription description() {
        return description;
    }

    public String kind() {
        return description.kind();
    }

    /** Whether the track arrives in more than one layer. */
    public boolean simulcast() {
        return layers.length() > 1;
    }

    @Override
    public int layerCount() {
        return layers.length();
    }

    /** The layer's producer, or null until its first packet; any thread. */
    Producer layer(int index) {
        return index >= 0 && index < layers.length() ? layers.get(index) : null;
    }

    List<String> rids() {
        return rids;
    }

    /** The index of the layer with this rid, or -1. */
    int layerOf(String rid) {
        return rids.indexOf(rid);
    }

    /** The producer of a layer whose SSRC was just learned; false when the layer already has one. */
    boolean setLayer(int index, Producer producer) {
        return layers.compareAndSet(index, null, producer);
    }

    /** Every layer's producer seen so far. */
    List<Producer> producers() {
        List<Producer> seen = new ArrayList<>();
        for (int i = 0; i < layers.length(); i++) {
            Producer producer = layer(i);
            if (producer != null) {
                seen.add(producer);
            }
        }
        return seen;
    }

    /**
     * Whether a consumer may choose the layer: it has arrived, and it is flowing now, or we paused
     * it ourselves (the phone resumes it when asked), or we resumed it within {@value
     * #RESUME_GRACE_NANOS} ns and it has not flowed since (the event, the encoder and the next
     * once-a-second sample take that long). Any thread.
     */
    @Override
    public boolean layerAvailable(int index, long nowNanos) {
        Producer producer = layer(index);
        return producer != null && producer.knownBitrateBps() > 0
                && (producer.flowing() || (activeLayers & (1 << index)) == 0
                        || nowNanos - resumedAt.get(index) < RESUME_GRACE_NANOS);
    }

    /** What the layer costs a subscriber, bits/s: its rate the last time it flowed. Any thread. */
    @Override
    public long layerBitrate(int index) {
        Producer producer = layer(index);
        return producer == null ? 0 : producer.knownBitrateBps();
    }

    /** The track's bitrate over its flowing layers' highest; any thread. */
    long bitrateBps() {
        long highest = 0;
        for (int i = 0; i < layers.length(); i++) {
            Producer producer = layer(i);
            if (producer != null && producer.flowing()) {
                highest = Math.max(highest, producer.bitrateBps());
            }
        }
        return highest;
    }

    /** Every consumer; any thread. */
    Consumer[] consumers() {
        return consumers;
    }

    /** The consumers by the index of the loop that sends for them (a group may be empty); any thread. */
    Consumer[][] consumersByLoop() {
        return consumersByLoop;
    }

    /** The consumers the loop with this index sends for; any thread. */
    Consumer[] consumersOn(int loopIndex) {
        Consumer[][] groups = consumersByLoop;
        return loopIndex < groups.length ? groups[loopIndex] : NO_CONSUMERS;
    }

    /** Sends the track to one more subscriber, from the consumer's loop; on the owner loop. */
    public void addConsumer(Consumer consumer) {
        Consumer[] grown = Arrays.copyOf(consumers, consumers.length + 1);
        grown[consumers.length] = consumer;
        publish(grown);
    }

    /**
     * On the owner loop ({@code loop}): the consumer stops getting packets. A loop left without
     * consumers of the track frees what it cached of it, on that loop.
     */
    void removeConsumer(MediaLoop loop, Consumer consumer) {
        Consumer[] kept = new Consumer[consumers.length];
        int count = 0;
        for (Consumer existing : consumers) {
            if (existing != consumer) {
                kept[count++] = existing;
            }
        }
        publish(count == 0 ? NO_CONSUMERS : Arrays.copyOf(kept, count));
        int index = consumer.loopIndex();
        if (consumersOn(index).length == 0) {
            freeCaches(consumer.home() != null ? consumer.home() : loop);
        }
    }

    /** On the owner loop ({@code loop}), when the track ends: consumers stop and forget their keys, stored media is freed. */
    void end(MediaLoop loop) {
        Consumer[][] groups = consumersByLoop;
        publish(NO_CONSUMERS);
        for (Consumer[] group : groups) {
            if (group.length > 0) {
                MediaLoop home = group[0].home() != null ? group[0].home() : loop;
                home.loop().execute(() -> {
                    for (Consumer consumer : group) {
                        consumer.close();
                    }
                });
                freeCaches(home);
            }
        }
    }

    private void publish(Consumer[] all) {
        int loops = 0;
        for (Consumer consumer : all) {
            loops = Math.max(loops, consumer.loopIndex() + 1);
        }
        Consumer[][] groups = new Consumer[loops][];
        int[] sizes = new int[loops];
        for (Consumer consumer : all) {
            sizes[consumer.loopIndex()]++;
        }
        for (int i = 0; i < loops; i++) {
            groups[i] = sizes[i] == 0 ? NO_CONSUMERS : new Consumer[sizes[i]];
            sizes[i] = 0;
        }
        for (Consumer consumer : all) {
            int i = consumer.loopIndex();
            groups[i][sizes[i]++] = consumer;
        }
        consumersByLoop = groups;
        consumers = all;
    }

    /** The loop's caches of every layer go, on that loop (after any packet handed to it before). */
    private void freeCaches(MediaLoop home) {
        List<Producer> seen = producers();
        home.loop().execute(() -> {
            for (Producer producer : seen) {
                producer.freeCache(home);
            }
        });
    }

    /**
     * Recomputes which layers the publisher should send: the lowest, every layer a consumer
     * receives or wants, or did within {@value #PAUSE_AFTER_NANOS} ns, and any not seen flowing yet.
     * On the owner loop, every second.
     *
     * @return the rids to send when that changed, or null when it did not (or the track has one layer)
     */
    List<String> updateActiveLayers(long nowNanos) {
        if (!simulcast()) {
            return null;
        }
        int needed = 1;
        for (Consumer consumer : consumers) {
            needed |= consumer.layersInUse();
        }
        int active = 0;
        for (int i = 0; i < layers.length(); i++) {
            // A layer not seen flowing yet stays on: paused before its rate is known, no viewer's
            // estimate could ever choose it, so it would never be resumed.
            if ((needed & (1 << i)) != 0 || layerBitrate(i) == 0) {
                unneededSince[i] = 0;
                active |= 1 << i;
            } else if (unneededSince[i] == 0) {
                unneededSince[i] = nowNanos;
                active |= activeLayers & (1 << i);
            } else if (nowNanos - unneededSince[i] < PAUSE_AFTER_NANOS) {
                active |= activeLayers & (1 << i);
            }
        }
        if (active == activeLayers) {
            return null;
        }
        for (int i = 0; i < layers.length(); i++) {
            if ((active & ~activeLayers & (1 << i)) != 0) {
                resumedAt.set(i, nowNanos);
            }
        }
        activeLayers = active;
        List<String> sending = new ArrayList<>();
        for (int i = 0; i < layers.length(); i++) {
            if ((active & (1 << i)) != 0) {
                sending.add(rids.get(i));
            }
        }
        return sending;
    }

    /** Layers the publisher was last told to send, one bit each; any thread. */
    int activeLayers() {
        return activeLayers;
    }
}
