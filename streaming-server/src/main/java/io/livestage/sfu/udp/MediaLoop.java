package io.livestage.sfu.udp;

import io.livestage.sfu.rtcp.NtpClock;
import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtp.PacketBufferPool;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.srtp.SrtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One event loop of the media port with its own socket (SO_REUSEPORT) and its own reusable
 * packet views and buffers. Everything here is used only on {@link #loop()}, so nothing locks.
 */
public final class MediaLoop {
    /** Covers the retransmission caches of a few tracks plus packets in flight, without garbage. */
    private static final int RETAINED_BUFFERS = 4096;

    /** More loops than a machine has cores is pointless; a fixed bound sizes per-loop tables. */
    public static final int MAX_LOOPS = 64;

    /**
     * Queued datagrams worth a send call of their own: a fan-out to this many leaves at once, fewer
     * wait for the end of the loop's iteration, where everything queued in it leaves in one
     * {@code sendmmsg}. A 1:1 call's packets arrive one or a few per wake-up; one send call each
     * was most of their cost.
     */
    static final int FLUSH_AT = 32;

    /** The period of {@link #poll}: publishers' transport-wide feedback is due every 50 ms, losses sooner. */
    public static final long POLL_MILLIS = 25;

    private static final Runnable[] NO_POLLS = new Runnable[0];

    private final Channel channel;
    private final int index;
    /** Every loop of the media port, this one at {@link #index}; filled as the port binds. */
    private final AtomicReferenceArray<MediaLoop> group;
    private final PacketBufferPool buffers = new PacketBufferPool(RETAINED_BUFFERS);
    private final RtpPacket rtp = new RtpPacket();
    private final RtpPacket cachedRtp = new RtpPacket();
    private final Vp8Descriptor vp8 = new Vp8Descriptor();
    private final SrtpPacket srtp = new SrtpPacket();
    private final RtcpCompoundReader rtcp = new RtcpCompoundReader();
    private final RtcpCompoundWriter rtcpWriter = new RtcpCompoundWriter();
    /** Room for the sequence numbers of the largest NACK a datagram can carry. */
    private final int[] lostSequenceNumbers = new int[8192];
    private final NtpClock ntp = NtpClock.system();
    /** Time spent on datagrams and handed-over packets since the last sample; loop only. */
    private long busyNanos;
    private long lastSampleNanos = System.nanoTime();
    /** Share of the last sampled interval the loop spent working, 0..100; any thread. */
    private volatile int busyPercent;
    /** The same for the interval before; any thread. */
    private volatile int previousBusyPercent;
    /** Packets other loops handed to this one that it has not taken up yet. */
    private final AtomicInteger handOffsWaiting = new AtomicInteger();
    /** The loop as Netty's, for flushing at the end of an iteration; null for loops that cannot (embedded ones). */
    private final SingleThreadEventLoop iterating;
    private final Runnable iterationEnd = this::iterationEnd;
    private boolean iterationEndQueued;
    private int queued;
    private boolean flushWanted;
    /** Work for each sibling loop gathered during this loop's iteration, by the sibling's index; loop only. */
    private final ArrayList<Runnable>[] handOffs;
    private boolean handOffsGathered;
    /** What runs every {@value #POLL_MILLIS} ms; replaced, never mutated, on the loop. */
    private Runnable[] polls = NO_POLLS;
    private ScheduledFuture<?> pollTimer;

    /**
     * A loop sending through {@code channel}: the media port's socket, or in tests and benchmarks
     * any channel (an embedded one drives the media stages without a socket).
     */
    public MediaLoop(Channel channel) {
        this(channel, 0, new AtomicReferenceArray<>(1));
    }

    /** Loop {@code index} of the media port's {@code group}, which it enters itself. */
    public MediaLoop(Channel channel, int index, AtomicReferenceArray<MediaLoop> group) {
        if (group.length() > MAX_LOOPS || index < 0 || index >= group.length()) {
            throw new IllegalArgumentException("loop " + index + " of " + group.length() + " (at most " + MAX_LOOPS + ")");
        }
        this.channel = channel;
        this.index = index;
        this.group = group;
        this.iterating = channel.eventLoop() instanceof SingleThreadEventLoop loop ? loop : null;
        @SuppressWarnings("unchecked")
        ArrayList<Runnable>[] batches = new ArrayList[group.length()];
        this.handOffs = batches;
        group.set(index, this);
    }

    /** This loop's place among the media port's loops, 0 ..< {@link #groupSize()}. */
    public int index() {
        return index;
    }

    public int groupSize() {
        return group.length();
    }

    /** The media port's loop {@code index}; null while the port is still binding it. Any thread. */
    public MediaLoop sibling(int index) {
        return group.get(index);
    }

    /** Counts work done on this loop (a datagram, a handed-over packet); on the loop. */
    public void worked(long nanos) {
        busyNanos += nanos;
    }

    /** On the loop, about once a second: how busy it was since the last sample. */
    public void sampleBusy(long nowNanos) {
        long elapsed = nowNanos - lastSampleNanos;
        if (elapsed > 0) {
            previousBusyPercent = busyPercent;
            busyPercent = (int) Math.min(100, busyNanos * 100 / elapsed);
        }
        busyNanos = 0;
        lastSampleNanos = nowNanos;
    }

    /**
     * Share of the last sample's interval the loop spent on media, 0..100; any thread. Near 100 the
     * loop cannot keep up: datagrams wait in its socket, new peers' checks among them.
     */
    public int busyPercent() {
        return busyPercent;
    }

    /** {@link #busyPercent()} over both of the last two sampled intervals (the lower); any thread. */
    public int sustainedBusyPercent() {
        return Math.min(busyPercent, previousBusyPercent);
    }

    /**
     * Another loop wants to hand this one a packet: true (and counted) unless {@code limit} are
     * already waiting. Any thread; the loop calls {@link #handOffTaken} when it takes one up.
     */
    public boolean handOffQueued(int limit) {
        if (handOffsWaiting.incrementAndGet() > limit) {
            handOffsWaiting.decrementAndGet();
            return false;
        }
        return true;
    }

    /** On the loop: a handed-over packet was taken up (sent on or dropped). */
    public void handOffTaken() {
        handOffsWaiting.decrementAndGet();
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    public boolean inLoop() {
        return channel.eventLoop().inEventLoop();
    }

    public PacketBufferPool buffers() {
        return buffers;
    }

    public RtpPacket rtp() {
        return rtp;
    }

    /** A second RTP view, for packets from a retransmission cache while {@link #rtp()} is in use. */
    public RtpPacket cachedRtp() {
        return cachedRtp;
    }

    /** The loop's view of a VP8 payload descriptor: of the packet being fanned out, or of one being resent. */
    public Vp8Descriptor vp8() {
        return vp8;
    }

    public SrtpPacket srtp() {
        return srtp;
    }

    public RtcpCompoundReader rtcp() {
        return rtcp;
    }

    public RtcpCompoundWriter rtcpWriter() {
        return rtcpWriter;
    }

    public int[] lostSequenceNumbers() {
        return lostSequenceNumbers;
    }

    public NtpClock ntp() {
        return ntp;
    }

    /**
     * Sends a copy of the bytes from this socket (the shared port); safe from any thread. On the
     * loop it leaves with the iteration's other datagrams (see {@link #flush()}).
     */
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (inLoop()) {
            write(data, offset, length, to);
            flush();
        } else {
            channel.writeAndFlush(new DatagramPacket(copy(data, offset, length), to), channel.voidPromise());
        }
    }

    /**
     * Queues a copy of the bytes without flushing, so a fan-out leaves in one batch (epoll
     * sends a batch with sendmmsg). Call {@link #flush()} after the last one. On this loop.
     */
    public void write(byte[] data, int offset, int length, InetSocketAddress to) {
        channel.write(new DatagramPacket(copy(data, offset, length), to), channel.voidPromise());
        queued++;
    }

    private ByteBuf copy(byte[] data, int offset, int length) {
        return channel.alloc().directBuffer(length).writeBytes(data, offset, length);
    }

    /**
     * Makes sure what was written leaves: at once when {@value #FLUSH_AT} or more datagrams wait
     * (or off the loop), else at the end of the loop's current iteration, together with whatever
     * the iteration's other datagrams and tasks queue (one send call, not one per packet).
     */
    public void flush() {
        if (!inLoop()) {
            channel.flush();
        } else if (iterating == null || queued >= FLUSH_AT) {
            flushNow();
        } else if (queued > 0) {
            flushWanted = true;
            atIterationEnd();
        }
    }

    /**
     * Runs {@code work} on {@code target}, another loop of the media port. From this loop, work for
     * the same target gathered during one iteration goes over as one task (a 1:1 call's packets
     * handed over one task each were a task queue entry and often a wake-up per packet); from any
     * other thread, at once.
     */
    public void handOff(MediaLoop target, Runnable work) {
        if (iterating == null || !iterating.inEventLoop()) {
            target.loop().execute(work);
            return;
        }
        ArrayList<Runnable> batch = handOffs[target.index()];
        if (batch == null) {
            batch = new ArrayList<>();
            handOffs[target.index()] = batch;
        }
        batch.add(work);
        handOffsGathered = true;
        atIterationEnd();
    }

    private void atIterationEnd() {
        if (!iterationEndQueued) {
            iterationEndQueued = true;
            iterating.executeAfterEventLoopIteration(iterationEnd);
        }
    }

    private void iterationEnd() {
        iterationEndQueued = false;
        if (handOffsGathered) {
            handOffsGathered = false;
            for (int i = 0; i < handOffs.length; i++) {
                ArrayList<Runnable> batch = handOffs[i];
                MediaLoop target = sibling(i);
                if (batch != null && !batch.isEmpty() && target != null) {
                    Runnable[] work = batch.toArray(Runnable[]::new);
                    batch.clear();
                    target.loop().execute(() -> {
                        for (Runnable each : work) {
                            each.run();
                        }
                    });
                }
            }
        }
        if (flushWanted) {
            flushWanted = false;
            if (queued > 0) {
                flushNow();
            }
        }
    }

    private void flushNow() {
        queued = 0;
        channel.flush();
    }

    /**
     * Runs {@code task} on this loop every {@value #POLL_MILLIS} ms until {@link #stopPolling}:
     * one timer for every transport of the loop, not one each (hundreds of calls' publishers
     * were thousands of timer wake-ups a second). On the loop.
     */
    public void poll(Runnable task) {
        Runnable[] grown = Arrays.copyOf(polls, polls.length + 1);
        grown[polls.length] = task;
        polls = grown;
        if (pollTimer == null) {
            pollTimer = loop().scheduleAtFixedRate(this::runPolls, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops running a task given to {@link #poll}; the timer stops with the last. On the loop. */
    public void stopPolling(Runnable task) {
        Runnable[] kept = Arrays.stream(polls).filter(existing -> existing != task).toArray(Runnable[]::new);
        polls = kept.length == 0 ? NO_POLLS : kept;
        if (kept.length == 0 && pollTimer != null) {
            pollTimer.cancel(false);
            pollTimer = null;
        }
    }

    private void runPolls() {
        for (Runnable task : polls) {
            task.run();
        }
    }
}
