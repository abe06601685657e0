package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.dtls.DtlsTransport;
import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many peers on loopback, each on its own UDP socket, that pass ICE the way a browser does (a
 * nominated check, and answers to the server's consent checks) and then never finish DTLS: they
 * stay silent, or send a real ClientHello and ignore everything after it. What a viewer who opens
 * subscriptions only to hold the server's handshake threads would do. One selector thread serves
 * them all.
 */
final class SilentPeers implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);

    /** One silent peer: its socket and its ICE credentials. */
    static final class Peer {
        final DatagramChannel channel;
        final IceCredentials local;
        final IceCredentials server;
        final IceLiteResponder responder;
        final AtomicInteger dtlsReceived = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        volatile DtlsTransport dtls;

        private Peer(DatagramChannel channel, IceCredentials local, IceCredentials server) {
            this.channel = channel;
            this.local = local;
            this.server = server;
            this.responder = IceLiteResponder.forControllingAgent(local, server);
        }
    }

    private final InetSocketAddress server;
    private final Selector selector;
    private final Queue<Peer> joining = new ConcurrentLinkedQueue<>();
    private final Queue<Peer> all = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final ExecutorService handshakes = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "silent-dtls");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread thread;
    private volatile boolean running = true;

    SilentPeers(InetSocketAddress server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "silent-peers");
        thread.setDaemon(true);
        thread.start();
    }

    /** The ICE credentials a new peer puts in its answer. */
    static IceCredentials newCredentials() {
        return IceCredentials.random(RANDOM);
    }

    static DtlsFingerprint fingerprint() {
        return CERTIFICATE.fingerprint();
    }

    /** A peer on a fresh socket with {@code local} credentials, toward the server's {@code serverIce}. */
    Peer add(IceCredentials local, IceCredentials serverIce) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        Peer peer = new Peer(channel, local, serverIce);
        joining.add(peer);
        all.add(peer);
        selector.wakeup();
        return peer;
    }

    /** A nominated check, as a browser's first successful pair sends. */
    void check(Peer peer) throws IOException {
        byte[] check = new StunBindingClient(peer.local, peer.server, RANDOM).newRequest(ControllingIce.PRIORITY, true)
                .bytes();
        peer.channel.send(ByteBuffer.wrap(check), server);
    }

    /**
     * A real DTLS ClientHello (BouncyCastle's client, retransmitted on its timer), and nothing
     * after it: the server's flights are never fed back, so its handshake waits for ours until it
     * times out.
     */
    void clientHello(Peer peer, DtlsFingerprint serverFingerprint) {
        DtlsTransport dtls = new DtlsTransport(DtlsRole.CLIENT, CERTIFICATE, serverFingerprint,
                DtlsConfig.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(30)), (data, off, len) -> {
                    try {
                        peer.channel.send(ByteBuffer.wrap(data, off, len), server);
                    } catch (IOException e) {
                        // Closed: the test is over.
                    }
                }, handshakes, (transport, state) -> { });
        peer.dtls = dtls;
        dtls.start();
    }

    /** The server's consent checks these peers answered, retransmissions included. */
    int answered() {
        return answered.get();
    }

    /** How many of the peers answered at least one consent check of the server's. */
    int peersAnswering() {
        int count = 0;
        for (Peer peer : all) {
            if (peer.answered.get() > 0) {
                count++;
            }
        }
        return count;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        try {
            while (running) {
                Peer peer;
                while ((peer = joining.poll()) != null) {
                    peer.channel.register(selector, SelectionKey.OP_READ, peer);
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Peer from = (Peer) key.attachment();
                    buffer.clear();
                    InetSocketAddress sender = (InetSocketAddress) from.channel.receive(buffer);
                    if (sender != null) {
                        received(from, buffer.array(), buffer.position(), sender);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void received(Peer peer, byte[] data, int length, InetSocketAddress sender) throws IOException {
        int first = data[0] & 0xFF;
        if (first >= 20 && first <= 63) {
            peer.dtlsReceived.incrementAndGet();
        } else if (first <= 3 && peer.responder.respond(data, 0, length, sender) instanceof BindingOutcome.Accepted ok) {
            peer.channel.send(ByteBuffer.wrap(ok.response()), sender);
            peer.answered.incrementAndGet();
            answered.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Peer peer : all) {
            if (peer.dtls != null) {
                peer.dtls.close();
            }
            peer.channel.close();
        }
        selector.close();
        handshakes.shutdownNow();
    }
}
