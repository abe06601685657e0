package io.livestage.loadtest.bench;

import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.transport.FanOutStage;
import io.livestage.sfu.transport.InboundSrtpStage;
import io.livestage.sfu.transport.Producer;
import io.livestage.sfu.transport.TrackReceiveStage;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fan-out path for one incoming 1,200-byte VP8 packet through the server's own stages:
 * {@link InboundSrtpStage} (copy out of the datagram, SRTP decrypt once, RTP parse),
 * {@link TrackReceiveStage} (transport-wide arrival, receive statistics, keyframe check),
 * {@link FanOutStage} (retransmission cache, then per subscriber the send stage's pooled copy,
 * header rewrite, our own transport-wide sequence number and send time, and SRTP encryption with
 * the subscriber's keys, queued on the loop's socket), one flush. The socket discards, so this is
 * our CPU up to the kernel; each send costs the kernel about 3.5 µs more (DESIGN.md).
 *
 * <p>Score: ns per incoming packet; divide by {@code subscribers} for ns per packet and subscriber.
 * The publisher's packets are encrypted before measuring, one full 16-bit sequence cycle of them;
 * when the cycle restarts, the inbound stage is keyed afresh (once per 65,536 packets), so the
 * stream goes on wrapping its sequence numbers naturally on the subscriber side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {

    private static final int CYCLE = 65_536;

    @Param({"1", "10", "100"})
    public int subscribers;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    private byte[][] encrypted;
    private byte[] exported;
    private SrtpSession inboundSession;
    private InboundSrtpStage inbound;
    private final MediaLoop loop = BenchStages.discardingLoop();
    private final SfuMetrics metrics = BenchStages.metrics();
    private TrackReceiveStage tracks;
    private Producer producer;
    private FanOutStage fanOut;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        exported = new byte[profile.keyingMaterialLength()];
        random.nextBytes(exported);
        SrtpSession publisher = SrtpSession.forDtlsClient(keys());
        encrypted = new byte[CYCLE][];
        SrtpPacket view = new SrtpPacket();
        byte[] buffer = new byte[PacketBuffer.CAPACITY];
        for (int n = 0; n < CYCLE; n++) {
            Vp8Stream.write(n, buffer);
            if (publisher.protectRtp(view.wrap(buffer, 0, Vp8Stream.PACKET_LENGTH)) != SrtpStatus.OK) {
                throw new IllegalStateException("cannot encrypt the publisher's packets");
            }
            encrypted[n] = Arrays.copyOf(buffer, view.getLength());
        }
        publisher.close();
        rekeyInbound();
        tracks = BenchStages.publisher(Vp8Stream.SSRC, Vp8Stream.PAYLOAD_TYPE, metrics);
        producer = tracks.tracks().get(0);
        WebRtcTransport publisherTransport = BenchStages.idlePublisher(random);
        for (int i = 0; i < subscribers; i++) {
            BenchStages.subscribe(producer, publisherTransport, new InetSocketAddress("127.0.0.1", 10_000 + i),
                    String.valueOf(i), true, profile, random);
        }
        fanOut = new FanOutStage(metrics);
    }

    @Benchmark
    public int fanOut() {
        if (next == CYCLE) {
            next = 0;
            rekeyInbound();
        }
        byte[] datagram = encrypted[next++];
        PacketBuffer buffer = loop.buffers().acquire();
        try {
            buffer.copyFrom(datagram, 0, datagram.length);
            long now = System.nanoTime();
            if (inbound.unprotect(loop, buffer) != InboundSrtpStage.Outcome.RTP) {
                throw new IllegalStateException("the server refused packet " + (next - 1));
            }
            RtpPacket rtp = loop.rtp();
            if (tracks.onRtp(rtp, now) != producer) {
                throw new IllegalStateException("the track refused packet " + (next - 1));
            }
            int sent = fanOut.forward(loop, producer, rtp, tracks.keyframeStarted(), now);
            if (sent != subscribers) {
                throw new IllegalStateException("sent to " + sent + " of " + subscribers);
            }
            return sent;
        } finally {
            loop.buffers().release(buffer);
        }
    }

    private void rekeyInbound() {
        if (inboundSession != null) {
            inboundSession.close();
        }
        inboundSession = SrtpSession.forDtlsServer(keys());
        inbound = new InboundSrtpStage(metrics, () -> false);
        inbound.key(inboundSession);
    }

    /** A fresh copy each time: sessions wipe the key arrays they are given. */
    private SrtpKeyingMaterial keys() {
        return SrtpKeyingMaterial.fromExporter(profile, exported.clone());
    }
}
