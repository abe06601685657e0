package io.livestage.sfu.transport;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.BindingRequest;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One UDP socket of a test peer on loopback, checking the SFU as a controlling ICE agent would. It
 * answers the SFU's consent checks when given the credentials to answer with (a real peer), or
 * never (a forged address), and counts everything that reaches it, by kind.
 */
public final class PeerSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final List<IceLiteResponder> responders = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> responses = new ArrayBlockingQueue<>(64);
    private final AtomicInteger consentChecks = new AtomicInteger();
    private final AtomicInteger answeredChecks = new AtomicInteger();
    private final AtomicInteger otherDatagrams = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread reader;
    /** Where our answers to the SFU's checks leave from: this socket, unless a test says otherwise. */
    private volatile DatagramSocket answerFrom;

    public PeerSocket(InetSocketAddress server) {
        this.server = server;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        answerFrom = socket;
        reader = new Thread(this::read, "peer-socket-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Answers the SFU's consent checks that name these credentials from now on: {@code peer} are ours. */
    public PeerSocket answering(IceCredentials peer, IceCredentials sfu) {
        responders.add(IceLiteResponder.forControllingAgent(peer, sfu));
        return this;
    }

    /** Sends our answers from {@code other}'s socket: a right answer from the wrong address. */
    PeerSocket answeringFrom(PeerSocket other) {
        answerFrom = other.socket;
        return this;
    }

    /** Sends one check and says whether a verified success response came back within 500 ms. */
    public boolean check(IceCredentials peer, IceCredentials sfu, boolean nominate) throws IOException, InterruptedException {
        StunBindingClient client = new StunBindingClient(peer, sfu, RANDOM);
        BindingRequest request = client.newRequest(1, nominate);
        responses.clear();
        socket.send(new DatagramPacket(request.bytes(), request.bytes().length, server));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline) {
            byte[] response = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (response != null && client.checkResponse(response, 0, response.length, request.transactionId()).isSuccess()) {
                return true;
            }
        }
        return false;
    }

    /** Sends raw bytes to the SFU from this socket. */
    void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, server));
    }

    /** The SFU's Binding requests (consent checks, retransmissions included) that reached us. */
    int consentChecks() {
        return consentChecks.get();
    }

    int answeredChecks() {
        return answeredChecks.get();
    }

    /** Datagrams that were not STUN: DTLS, RTP or RTCP. */
    int otherDatagrams() {
        return otherDatagrams.get();
    }

    long bytes() {
        return bytes.get();
    }

    private void read() {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            int length = packet.getLength();
            bytes.addAndGet(length);
            if (length < 20 || (buffer[0] & 0xFF) > 3) {
                otherDatagrams.incrementAndGet();
            } else if (buffer[0] == 0 && buffer[1] == 1) {
                consentChecks.incrementAndGet();
                answer(Arrays.copyOf(buffer, length), (InetSocketAddress) packet.getSocketAddress());
            } else {
                responses.offer(Arrays.copyOf(buffer, length));
            }
        }
    }

    private void answer(byte[] check, InetSocketAddress from) {
        for (IceLiteResponder responder : responders) {
            if (responder.respond(check, 0, check.length, from) instanceof BindingOutcome.Accepted accepted) {
                try {
                    answerFrom.send(new DatagramPacket(accepted.response(), accepted.response().length, from));
                    answeredChecks.incrementAndGet();
                } catch (IOException e) {
                    // Closed meanwhile: the test is over.
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
