package io.livestage.loadtest.bench;

import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.PacketBufferPool;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SFU's receive path per 1,200-byte VP8 RTP packet, for both SRTP profiles, plus its
 * SRTP decryption and the sender's encryption alone to show where the time goes.
 *
 * <p>Replay protection: the receiver accepts each SRTP index once, so a benchmark cannot feed it
 * one packet over and over. A ring of {@value #RING} consecutive packets is encrypted once in
 * setup and stays untouched (the path copies each out of the Netty buffer before decrypting in
 * place, as the server does). When the ring is used up, the peer reconnects: a new receiving
 * {@link SrtpSession} with an empty replay window and fresh track statistics, after which the same
 * ciphertexts are new again. That restart runs inside the measured loop, so its cost, measured
 * by {@link #reconnect}, is part of every figure, spread over {@value #RING} packets.
 *
 * <p>Run from the shaded jar: {@code java -cp loadtest/target/livestage-loadtest.jar
 * org.openjdk.jmh.Main ReceivePath}; docs/benchmarks-receive-path.md has figures and commands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReceivePathBenchmark {

    /** Packets encrypted up front; 4,096 keep the ring (5 MB) in a server CPU's L3 cache. */
    static final int RING = 4096;
    /** Other publishers in the address map, so the lookup hashes into a realistically sized table. */
    static final int OTHER_PEERS = 300;
    private static final int STRIDE = 1280;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    SrtpProfile profile;

    private SrtpKeyingMaterial keys;
    private ByteBuf ring;
    private int datagramLength;
    private final byte[] plaintext = new byte[PacketBuffer.CAPACITY];
    private SrtpSession sender;
    private final SrtpPacket senderView = new SrtpPacket();
    private int sent;

    private final ReceivePath path = new ReceivePath();
    private final ReceivePath.Peer peer = new ReceivePath.Peer();
    private InetSocketAddress senderAddress;
    private final PacketBufferPool buffers = new PacketBufferPool(16);
    private final SrtpPacket decryptView = new SrtpPacket();
    private int cursor;

    @Setup
    public void setUp() throws UnknownHostException {
        SrtpSession.warmUp();
        byte[] exported = new byte[profile.keyingMaterialLength()];
        new SecureRandom().nextBytes(exported);
        keys = SrtpKeyingMaterial.fromExporter(profile, exported);

        // The publisher's side encrypts the ring; received datagrams sit in pooled direct buffers,
        // as Netty's epoll channel delivers them.
        SrtpSession publisher = SrtpSession.forDtlsClient(keys);
        ring = PooledByteBufAllocator.DEFAULT.directBuffer(RING * STRIDE);
        byte[] packet = new byte[PacketBuffer.CAPACITY];
        SrtpPacket view = new SrtpPacket();
        for (int n = 0; n < RING; n++) {
            Vp8Stream.write(n, packet);
            expectOk(publisher.protectRtp(view.wrap(packet, 0, Vp8Stream.PACKET_LENGTH)));
            datagramLength = view.getLength();
            ring.setBytes(n * STRIDE, packet, 0, datagramLength);
        }
        publisher.close();

        for (int i = 0; i < OTHER_PEERS; i++) {
            path.register(address(i), new ReceivePath.Peer());
        }
        path.register(address(OTHER_PEERS), peer);
        // Netty makes a new address object per datagram: look up with an equal, not identical, key.
        senderAddress = address(OTHER_PEERS);

        Vp8Stream.write(1, plaintext);
        sender = SrtpSession.forDtlsClient(keys);
    }

    @TearDown
    public void tearDown() {
        ring.release();
        sender.close();
    }

    /** Everything the server does with an SRTP video packet from its arrival to its track's statistics. */
    @Benchmark
    public void receivePath(Blackhole blackhole) {
        blackhole.consume(receiveNext());
    }

    /** Copying the datagram out of the Netty buffer and decrypting it: the crypto share of {@link #receivePath}. */
    @Benchmark
    public void copyAndDecrypt(Blackhole blackhole) {
        int at = nextSlot() * STRIDE;
        PacketBuffer buffer = buffers.acquire();
        byte[] bytes = buffer.array();
        ring.getBytes(at, bytes, 0, datagramLength);
        expectOk(peer.srtp().unprotectRtp(decryptView.wrap(bytes, 0, datagramLength)));
        blackhole.consume(decryptView.getLength());
        buffers.release(buffer);
    }

    /**
     * The publisher's encryption of the same packet (with a new sequence number each time), for
     * comparison with DESIGN.md's figures, which are for encryption.
     */
    @Benchmark
    public void encrypt(Blackhole blackhole) {
        PacketBuffer buffer = buffers.acquire();
        byte[] bytes = buffer.array();
        System.arraycopy(plaintext, 0, bytes, 0, Vp8Stream.PACKET_LENGTH);
        bytes[2] = (byte) (sent >>> 8);
        bytes[3] = (byte) sent++;
        expectOk(sender.protectRtp(senderView.wrap(bytes, 0, Vp8Stream.PACKET_LENGTH)));
        blackhole.consume(senderView.getLength());
        buffers.release(buffer);
    }

    /** What the ring restart costs: a new receiving session, its key derivation and one packet. */
    @Benchmark
    public void reconnect(Blackhole blackhole) {
        cursor = 0;
        blackhole.consume(receiveNext());
    }

    /** One packet through {@link ReceivePath}, taking the next ring slot; returns its payload length. */
    int receiveNext() {
        int slot = nextSlot();
        PacketBuffer buffer = buffers.acquire();
        try {
            RtpPacket rtp = path.receive(ring, slot * STRIDE, datagramLength, senderAddress, buffer);
            return rtp.payloadLength();
        } finally {
            buffers.release(buffer);
        }
    }

    ReceivePath.Peer peer() {
        return peer;
    }

    /** The ring slot to receive next; starting the ring over reconnects the peer (see the class comment). */
    private int nextSlot() {
        if (cursor == 0) {
            peer.connect(SrtpSession.forDtlsServer(keys), Vp8Stream.SSRC, Vp8Stream.PAYLOAD_TYPE);
        }
        int slot = cursor;
        cursor = slot + 1 == RING ? 0 : slot + 1;
        return slot;
    }

    private static InetSocketAddress address(int i) throws UnknownHostException {
        byte[] ip = {10, 20, (byte) (i >>> 8), (byte) i};
        return new InetSocketAddress(InetAddress.getByAddress(ip), 40_000 + i);
    }

    private static void expectOk(SrtpStatus status) {
        if (status != SrtpStatus.OK) {
            throw new IllegalStateException("SRTP failed: " + status);
        }
    }
}
