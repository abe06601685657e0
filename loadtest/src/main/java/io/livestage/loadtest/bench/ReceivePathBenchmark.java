package io.livestage.loadtest.bench;

import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.transport.InboundSrtpStage;
import io.livestage.sfu.transport.TrackReceiveStage;
import io.livestage.sfu.udp.MediaLoop;
import io.livestage.sfu.udp.PacketClass;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * The SFU's receive path per 1,200-byte VP8 RTP packet, for both SRTP profiles, through the
 * server's own stages in the order a transport runs them: RFC 7983 demux and the copy out of
 * Netty's datagram buffer (as {@code DatagramReceiver} does), the transport lookup by sender
 * address (a map by address, as {@code TransportRegistry} keeps), then {@link InboundSrtpStage}
 * (decryption in place, RTP parsing) and {@link TrackReceiveStage} (transport-wide arrival,
 * track lookup, receive statistics, keyframe check). Plus SRTP decryption and the sender's
 * encryption alone, to show where the time goes.
 *
 * <p>Replay protection: the receiver accepts each SRTP index once, so a benchmark cannot feed it
 * one packet over and over. A ring of {@value #RING} consecutive packets is encrypted once in
 * setup and stays untouched (the path copies each out of the Netty buffer before decrypting in
 * place, as the server does). When the ring is used up, the peer reconnects: new stages with a
 * new receiving {@link SrtpSession} (an empty replay window) and fresh track statistics, after
 * which the same ciphertexts are new again. That restart runs inside the measured loop, so its
 * cost, measured by {@link #reconnect}, is part of every figure, spread over {@value #RING} packets.
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

    private byte[] exported;
    private ByteBuf ring;
    private int datagramLength;
    private final byte[] plaintext = new byte[PacketBuffer.CAPACITY];
    private SrtpSession sender;
    private final SrtpPacket senderView = new SrtpPacket();
    private int sent;

    private final MediaLoop loop = BenchStages.discardingLoop();
    private final SfuMetrics metrics = BenchStages.metrics();
    private final ConcurrentMap<InetSocketAddress, Peer> peers = new ConcurrentHashMap<>();
    private final Peer peer = new Peer(metrics);
    private InetSocketAddress senderAddress;
    private final SrtpPacket decryptView = new SrtpPacket();
    private int cursor;

    /** A publisher as the server knows it once ICE and DTLS are done: its receive stages. */
    static final class Peer {
        private final SfuMetrics metrics;
        private InboundSrtpStage inbound;
        private TrackReceiveStage tracks;
        private SrtpSession session;

        Peer(SfuMetrics metrics) {
            this.metrics = metrics;
        }

        /** Starts over with a new session and fresh tracks, as if the peer had just connected. */
        void connect(SrtpSession keyed) {
            if (session != null) {
                session.close();
            }
            session = keyed;
            inbound = new InboundSrtpStage(metrics, () -> false);
            inbound.key(keyed);
            tracks = BenchStages.publisher(Vp8Stream.SSRC, Vp8Stream.PAYLOAD_TYPE, metrics);
        }

        TrackReceiveStage tracks() {
            return tracks;
        }
    }

    @Setup
    public void setUp() throws UnknownHostException {
        SrtpSession.warmUp();
        exported = new byte[profile.keyingMaterialLength()];
        new SecureRandom().nextBytes(exported);

        // The publisher's side encrypts the ring; received datagrams sit in pooled direct buffers,
        // as Netty's epoll channel delivers them.
        SrtpSession publisher = SrtpSession.forDtlsClient(keys());
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
            peers.put(address(i), new Peer(metrics));
        }
        peers.put(address(OTHER_PEERS), peer);
        // Netty makes a new address object per datagram: look up with an equal, not identical, key.
        senderAddress = address(OTHER_PEERS);

        Vp8Stream.write(1, plaintext);
        sender = SrtpSession.forDtlsClient(keys());
    }

    /** A fresh copy each time: sessions wipe the key arrays they are given. */
    private SrtpKeyingMaterial keys() {
        return SrtpKeyingMaterial.fromExporter(profile, exported.clone());
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
        PacketBuffer buffer = loop.buffers().acquire();
        byte[] bytes = buffer.array();
        ring.getBytes(at, bytes, 0, datagramLength);
        expectOk(peer.session.unprotectRtp(decryptView.wrap(bytes, 0, datagramLength)));
        blackhole.consume(decryptView.getLength());
        loop.buffers().release(buffer);
    }

    /**
     * The publisher's encryption of the same packet (with a new sequence number each time), for
     * comparison with DESIGN.md's figures, which are for encryption.
     */
    @Benchmark
    public void encrypt(Blackhole blackhole) {
        PacketBuffer buffer = loop.buffers().acquire();
        byte[] bytes = buffer.array();
        System.arraycopy(plaintext, 0, bytes, 0, Vp8Stream.PACKET_LENGTH);
        bytes[2] = (byte) (sent >>> 8);
        bytes[3] = (byte) sent++;
        expectOk(sender.protectRtp(senderView.wrap(bytes, 0, Vp8Stream.PACKET_LENGTH)));
        blackhole.consume(senderView.getLength());
        loop.buffers().release(buffer);
    }

    /** What the ring restart costs: new stages, a new receiving session, its key derivation and one packet. */
    @Benchmark
    public void reconnect(Blackhole blackhole) {
        cursor = 0;
        blackhole.consume(receiveNext());
    }

    /** One packet through the receive stages, taking the next ring slot; returns its payload length. */
    int receiveNext() {
        int slot = nextSlot();
        PacketBuffer buffer = loop.buffers().acquire();
        try {
            RtpPacket rtp = receive(ring, slot * STRIDE, datagramLength, senderAddress, buffer);
            return rtp.payloadLength();
        } finally {
            loop.buffers().release(buffer);
        }
    }

    /**
     * Receives the datagram at {@code datagram[index, index + length)} from {@code from} into
     * {@code buffer}. Every refusal throws: a benchmark that quietly measured dropped packets
     * would report the cost of rejecting them.
     *
     * @return the decrypted packet, a view into {@code buffer} valid until the next call
     */
    RtpPacket receive(ByteBuf datagram, int index, int length, InetSocketAddress from, PacketBuffer buffer) {
        if (length < 1 || length > PacketBuffer.CAPACITY
                || PacketClass.of(datagram.getByte(index)) != PacketClass.RTP_OR_RTCP) {
            throw new IllegalStateException("not an RTP datagram");
        }
        datagram.getBytes(index, buffer.array(), 0, length);
        buffer.setRange(0, length);
        Peer sender = peers.get(from);
        if (sender == null) {
            throw new IllegalStateException("no transport for " + from);
        }
        InboundSrtpStage.Outcome outcome = sender.inbound.unprotect(loop, buffer);
        if (outcome != InboundSrtpStage.Outcome.RTP) {
            throw new IllegalStateException("the inbound stage did not yield RTP: " + outcome);
        }
        RtpPacket rtp = loop.rtp();
        if (sender.tracks.onRtp(rtp, System.nanoTime()) == null) {
            throw new IllegalStateException("the track refused packet " + rtp.sequenceNumber());
        }
        return rtp;
    }

    Peer peer() {
        return peer;
    }

    InetSocketAddress senderAddress() {
        return senderAddress;
    }

    /** The ring slot to receive next; starting the ring over reconnects the peer (see the class comment). */
    private int nextSlot() {
        if (cursor == 0) {
            peer.connect(SrtpSession.forDtlsServer(keys()));
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
