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
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
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

    /** Sends a copy of the bytes from this socket (the shared port); safe from any thread. */
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        write(data, offset, length, to);
        channel.flush();
    }

    /**
     * Queues a copy of the bytes without flushing, so a fan-out leaves in one batch (epoll
     * sends a batch with sendmmsg). Call {@link #flush()} after the last one. On this loop.
     */
    public void write(byte[] data, int offset, int length, InetSocketAddress to) {
        ByteBuf out = channel.alloc().directBuffer(length).writeBytes(data, offset, length);
        channel.write(new DatagramPacket(out, to), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }
}
