package io.livestage.loadtest.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@link MediaSource}s at their own steady rates from one scheduler thread (in practice the
 * peer's event loop, so sources, sink and SRTP need no locks). Each tick sends every unit due by
 * the clock since start, so a late tick catches up instead of lowering the rate; a long stall is
 * paid back at most {@value #MAX_UNITS_PER_TICK} units per tick rather than in one burst.
 */
public final class PacedSender {

    static final int MAX_UNITS_PER_TICK = 4;

    private final ScheduledExecutorService scheduler;
    private final RtpSink sink;
    private final List<Stream> streams = new ArrayList<>();
    private volatile boolean started;

    /** @param scheduler a single thread: every source and the sink are used only from it */
    public PacedSender(ScheduledExecutorService scheduler, RtpSink sink) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Adds a source before {@link #start()}; {@code drop} picks packets to skip on purpose. */
    public PacedSender add(MediaSource source, DropPolicy drop) {
        if (started) {
            throw new IllegalStateException("add sources before start()");
        }
        streams.add(new Stream(Objects.requireNonNull(source, "source"), Objects.requireNonNull(drop, "drop")));
        return this;
    }

    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        for (Stream stream : streams) {
            scheduler.execute(stream::start);
        }
    }

    /**
     * Stops on the scheduler thread. A stream whose last packet was a deliberate drop sends one
     * more unit in full, so that every dropped packet sits before a received one and counts as lost.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        scheduler.execute(() -> {
            for (Stream stream : streams) {
                stream.stop();
            }
            stopped.complete(null);
        });
        return stopped;
    }

    /** Per-stream figures, readable from any thread (each is written by the scheduler thread only). */
    public List<SentStreamStats> stats() {
        List<SentStreamStats> stats = new ArrayList<>(streams.size());
        for (Stream stream : streams) {
            stats.add(new SentStreamStats(stream.source.ssrc(), stream.source.kind(), stream.packets, stream.bytes,
                    stream.dropped, stream.lastSequence));
        }
        return stats;
    }

    /** One source's pacing and counters; also the sink its packets pass through. */
    private final class Stream implements RtpSink, Runnable {

        final MediaSource source;
        final DropPolicy drop;
        volatile long packets;
        volatile long bytes;
        volatile long dropped;
        volatile int lastSequence = -1;
        long built;
        boolean lastDropped;
        boolean dropping = true;
        long startNanos;
        long unitsSent;
        ScheduledFuture<?> ticks;

        Stream(MediaSource source, DropPolicy drop) {
            this.source = source;
            this.drop = drop;
        }

        void start() {
            startNanos = System.nanoTime();
            long interval = source.unitIntervalNanos();
            ticks = scheduler.scheduleAtFixedRate(this, 0, interval, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long due = (now - startNanos) / source.unitIntervalNanos() + 1;
            for (int i = 0; i < MAX_UNITS_PER_TICK && unitsSent < due; i++) {
                source.emitUnit(now, this);
                unitsSent++;
            }
        }

        void stop() {
            if (ticks == null) {
                return;
            }
            ticks.cancel(false);
            ticks = null;
            if (lastDropped) {
                dropping = false;
                source.emitUnit(System.nanoTime(), this);
            }
        }

        @Override
        public void packet(byte[] buf, int off, int len) {
            built++;
            if (dropping && drop.drop(built)) {
                dropped++;
                lastDropped = true;
                return;
            }
            lastDropped = false;
            lastSequence = (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
            sink.packet(buf, off, len);
            packets++;
            bytes += len;
        }
    }
}
