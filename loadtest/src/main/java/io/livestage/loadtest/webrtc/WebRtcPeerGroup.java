package io.livestage.loadtest.webrtc;

import io.livestage.loadtest.client.ClientTransport;
import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What many {@link WebRtcPeer}s of one JVM share: an event loop group for their UDP sockets (each
 * peer lives on one loop), an executor for BouncyCastle's blocking DTLS handshakes, one DTLS
 * certificate and a CSRNG. Closing the group closes every peer's socket.
 */
public final class WebRtcPeerGroup implements AutoCloseable {

    /** Plenty for a burst of media from the server without drops in the kernel. */
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    /** Room per datagram: more than any packet the server sends (it keeps none over 1,500 bytes). */
    private static final int DATAGRAM_ROOM = 2048;
    private static final int DATAGRAMS_PER_READ = 16;

    private final ClientTransport transport = ClientTransport.best();
    private final EventLoopGroup loops;
    private final ExecutorService handshakes;
    private final SecureRandom random = new SecureRandom();
    private final DtlsCertificate certificate = DtlsCertificate.generate(random);
    private final DtlsConfig dtlsConfig;
    private final Duration iceTimeout;

    /** Default timeouts: 10 s for ICE, 10 s for the DTLS handshake. */
    public WebRtcPeerGroup(int threads) {
        this(threads, Duration.ofSeconds(10), DtlsConfig.DEFAULT);
    }

    public WebRtcPeerGroup(int threads, Duration iceTimeout, DtlsConfig dtlsConfig) {
        this.iceTimeout = Objects.requireNonNull(iceTimeout, "iceTimeout");
        this.dtlsConfig = Objects.requireNonNull(dtlsConfig, "dtlsConfig");
        this.loops = transport.newGroup(threads, "webrtc-peer");
        AtomicInteger counter = new AtomicInteger();
        // A handshake holds its thread while it waits for datagrams, so threads grow with concurrent handshakes.
        this.handshakes = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webrtc-dtls-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A peer on a fresh UDP socket on any local address and an ephemeral port. */
    public WebRtcPeer newPeer(MediaReceiver receiver) {
        return newPeer(new InetSocketAddress(0), receiver);
    }

    /** A peer on a fresh UDP socket bound to {@code bindAddress}; fails with {@link WebRtcFailure#BIND_FAILED}. */
    public WebRtcPeer newPeer(InetSocketAddress bindAddress, MediaReceiver receiver) {
        WebRtcPeer peer = new WebRtcPeer(this, Objects.requireNonNull(receiver, "receiver"));
        ChannelFuture bound = bind(loops, bindAddress, peer).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new WebRtcException(WebRtcFailure.BIND_FAILED,
                    "cannot bind " + bindAddress + ": " + bound.cause());
        }
        peer.attach(bound.channel());
        return peer;
    }

    /**
     * Binds another socket for {@code peer} on its own event loop (an ICE restart from a new
     * network); completes there, so the peer may switch to it without a thread hop.
     */
    ChannelFuture bindAnother(WebRtcPeer peer, EventLoop loop, InetSocketAddress bindAddress) {
        return bind(loop, bindAddress, peer);
    }

    private ChannelFuture bind(EventLoopGroup group, InetSocketAddress bindAddress, WebRtcPeer peer) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannelClass())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .handler(peer.handler());
        if (transport == ClientTransport.EPOLL) {
            // A subscriber's video arrives a frame at a time (a burst of packets): with a payload size
            // set, epoll takes up to a buffer's worth of datagrams per recvmmsg instead of one recvmsg
            // each, as the server's media port does. A longer datagram still shows its length.
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_ROOM * DATAGRAMS_PER_READ))
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_ROOM);
        }
        return bootstrap.bind(bindAddress);
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transport.name().toLowerCase(Locale.ROOT);
    }

    SecureRandom random() {
        return random;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    DtlsConfig dtlsConfig() {
        return dtlsConfig;
    }

    Duration iceTimeout() {
        return iceTimeout;
    }

    ExecutorService handshakes() {
        return handshakes;
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handshakes.shutdownNow();
    }
}
