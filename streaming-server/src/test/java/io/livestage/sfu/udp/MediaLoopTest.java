package io.livestage.sfu.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A media loop's sends, hand-offs and shared timer, on real sockets and event loops. */
@Timeout(30)
class MediaLoopTest {
    private static final byte[] DATAGRAM = {(byte) 0x80, 1, 2, 3};

    private EventLoopGroup group;
    private Channel channel;
    private MediaLoop media;
    private DatagramSocket peer;
    private InetSocketAddress peerAddress;

    @BeforeEach
    void bind() throws Exception {
        group = MediaTransport.group(1, "media-loop-test");
        channel = bindOn(group);
        media = onLoop(() -> new MediaLoop(channel, 0, new AtomicReferenceArray<>(1)));
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5_000);
        peerAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.getLocalPort());
    }

    @AfterEach
    void close() {
        peer.close();
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void aFewDatagramsWaitForTheEndOfTheLoopsIterationThenLeaveTogether() throws Exception {
        long queuedAfterFlush = onLoop(() -> {
            for (int i = 0; i < 3; i++) {
                media.send(DATAGRAM, 0, DATAGRAM.length, peerAddress);
            }
            return pendingBytes();
        });
        assertTrue(queuedAfterFlush > 0, "a call's few packets do not cost a send call each");
        for (int i = 0; i < 3; i++) {
            receive();
        }
        assertEquals(0, (long) onLoop(this::pendingBytes), "all left at the iteration's end");
    }

    @Test
    void aFanOutsWorthOfDatagramsLeavesAtOnce() throws Exception {
        long queuedAfterFlush = onLoop(() -> {
            for (int i = 0; i < MediaLoop.FLUSH_AT; i++) {
                media.write(DATAGRAM, 0, DATAGRAM.length, peerAddress);
            }
            media.flush();
            return pendingBytes();
        });
        assertEquals(0, queuedAfterFlush);
        for (int i = 0; i < MediaLoop.FLUSH_AT; i++) {
            receive();
        }
    }

    @Test
    void sendingFromAnotherThreadLeavesAtOnce() throws Exception {
        media.send(DATAGRAM, 0, DATAGRAM.length, peerAddress);
        receive();
    }

    @Test
    void everyPolledTaskRunsOnTheLoopOnOneTimerUntilStopped() throws Exception {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        AtomicInteger offLoop = new AtomicInteger();
        Runnable one = () -> count(first, offLoop);
        Runnable two = () -> count(second, offLoop);
        onLoop(() -> {
            media.poll(one);
            media.poll(two);
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((first.get() < 3 || second.get() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(MediaLoop.POLL_MILLIS);
        }
        assertTrue(first.get() >= 3 && second.get() >= 3, first + " and " + second + " runs");
        onLoop(() -> {
            media.stopPolling(one);
            return null;
        });
        int firstStopped = first.get();
        int secondBefore = second.get();
        Thread.sleep(MediaLoop.POLL_MILLIS * 4);
        assertEquals(firstStopped, first.get(), "a stopped task does not run again");
        assertTrue(second.get() > secondBefore, "the other one still does");
        onLoop(() -> {
            media.stopPolling(two);
            return null;
        });
        int secondStopped = second.get();
        Thread.sleep(MediaLoop.POLL_MILLIS * 4);
        assertEquals(secondStopped, second.get());
        assertEquals(0, offLoop.get());
    }

    @Test
    void workHandedToAnotherLoopGoesOverOnceTheIterationEndsInOrder() throws Exception {
        EventLoopGroup otherGroup = MediaTransport.group(1, "media-loop-test-other");
        try {
            AtomicReferenceArray<MediaLoop> pair = new AtomicReferenceArray<>(2);
            Channel firstChannel = bindOn(group);
            Channel secondChannel = bindOn(otherGroup);
            MediaLoop first = firstChannel.eventLoop().submit(() -> new MediaLoop(firstChannel, 0, pair)).get(5, TimeUnit.SECONDS);
            MediaLoop second = secondChannel.eventLoop().submit(() -> new MediaLoop(secondChannel, 1, pair)).get(5, TimeUnit.SECONDS);
            List<String> ran = new CopyOnWriteArrayList<>();
            AtomicBoolean handingOver = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(3);
            firstChannel.eventLoop().submit(() -> {
                for (int i = 0; i < 3; i++) {
                    int packet = i;
                    first.handOff(second, () -> {
                        ran.add(packet + (second.inLoop() ? " on the target" : " elsewhere")
                                + (handingOver.get() ? " too early" : ""));
                        done.countDown();
                    });
                }
                // Handed over one task each, the target would run them while this task still runs.
                Thread.sleep(200);
                handingOver.set(false);
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("0 on the target", "1 on the target", "2 on the target"), ran);
            firstChannel.close().awaitUninterruptibly();
            secondChannel.close().awaitUninterruptibly();
        } finally {
            otherGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static Channel bindOn(EventLoopGroup loops) throws InterruptedException {
        return new Bootstrap().group(loops).channel(MediaTransport.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    private void count(AtomicInteger runs, AtomicInteger offLoop) {
        if (!media.inLoop()) {
            offLoop.incrementAndGet();
        }
        runs.incrementAndGet();
    }

    /** Bytes written to the channel that have not left yet, flushed or not. */
    private long pendingBytes() {
        return channel.unsafe().outboundBuffer().totalPendingWriteBytes();
    }

    private void receive() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[64], 64);
        peer.receive(packet);
        assertEquals(DATAGRAM.length, packet.getLength());
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        return channel.eventLoop().submit(work).get(5, TimeUnit.SECONDS);
    }
}
