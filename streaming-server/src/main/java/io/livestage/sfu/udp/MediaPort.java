package io.livestage.sfu.udp;

import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.transport.TransportRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The one UDP port every peer talks to. With epoll, one socket per event loop bound to the
 * same port with SO_REUSEPORT, so the kernel spreads peers over the loops and each peer's
 * datagrams always reach the same loop; with NIO, a single socket.
 */
public final class MediaPort implements AutoCloseable {
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * Room per datagram: more than any packet we keep ({@link PacketBuffer#CAPACITY}), so a longer
     * one still shows its excess length and is dropped, never taken truncated.
     */
    private static final int DATAGRAM_ROOM = 2048;
    /** Datagrams one receive call takes at most (epoll's {@code recvmmsg}); the rest wait for the next. */
    private static final int DATAGRAMS_PER_RECEIVE = 16;

    private final List<Channel> channels = new ArrayList<>();
    private final List<MediaLoop> loops = new ArrayList<>();
    private final int port;

    public MediaPort(EventLoopGroup group, int sockets, String bindAddress, int requestedPort,
                     TransportRegistry transports, SfuMetrics metrics) {
        int count = MediaTransport.epoll() ? sockets : 1;
        int port = requestedPort;
        if (requestedPort != 0) {
            ensureFree(bindAddress, requestedPort);
        }
        try {
            AtomicReferenceArray<MediaLoop> siblings = new AtomicReferenceArray<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                DatagramReceiver receiver = new DatagramReceiver(transports, metrics);
                CompletableFuture<MediaLoop> attached = new CompletableFuture<>();
                Bootstrap bootstrap = new Bootstrap()
                        .group(group)
                        .channel(MediaTransport.datagramChannel())
                        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                                MediaTransport.epoll() ? DATAGRAM_ROOM * DATAGRAMS_PER_RECEIVE : DATAGRAM_ROOM))
                        .handler(new ChannelInitializer<DatagramChannel>() {
                            @Override
                            protected void initChannel(DatagramChannel ch) {
                                MediaLoop media = new MediaLoop(ch, index, siblings);
                                receiver.attach(media);
                                ch.pipeline().addLast(receiver);
                                attached.complete(media);
                            }
                        });
                if (MediaTransport.epoll()) {
                    // With a payload size set, epoll reads up to a buffer's worth of datagrams in one
                    // recvmmsg: a busy loop pays one system call for a burst, not one per packet.
                    bootstrap.option(EpollChannelOption.SO_REUSEPORT, true)
                            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_ROOM);
                }
                Channel channel = bootstrap.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
                port = ((InetSocketAddress) channel.localAddress()).getPort();
                channels.add(channel);
                loops.add(attached.join());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding the media port", e);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot bind the media port " + bindAddress + ":" + requestedPort
                    + ": " + e.getMessage(), e);
        }
        this.port = port;
    }

    /**
     * SO_REUSEPORT would let a second server of the same user share our port without an error,
     * and the kernel would then split peers between the two processes. A plain bind first
     * fails if anyone holds the port, whatever options they used.
     */
    private static void ensureFree(String bindAddress, int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(bindAddress, port));
        } catch (SocketException e) {
            throw new IllegalStateException("media UDP port " + bindAddress + ":" + port
                    + " is already in use (another LiveStage server?): " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public List<MediaLoop> loops() {
        return List.copyOf(loops);
    }

    public boolean bound() {
        return !channels.isEmpty() && channels.stream().allMatch(Channel::isActive);
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
    }
}
