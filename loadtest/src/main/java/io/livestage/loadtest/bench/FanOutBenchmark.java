package io.livestage.loadtest.bench;

import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.transport.FanOutStage;
import io.livestage.sfu.transport.TrackDescription;
import io.livestage.sfu.udp.DiscardingMediaLoop;
import io.livestage.sfu.udp.MediaLoop;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
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
 * The fan-out path for one incoming 1,200-byte VP8 packet: copy out of the datagram, SRTP
 * decrypt once, RTP parse, then the server's own producer and consumers (receive statistics,
 * retransmission cache, per subscriber a pooled copy, header rewrite and SRTP encryption with the
 * subscriber's keys, queued on the loop's socket), one flush. The socket discards, so this is our
 * CPU up to the kernel; each send costs the kernel about 3.5 µs more (DESIGN.md).
 *
 * <p>Score: ns per incoming packet; divide by {@code subscribers} for ns per packet and subscriber.
 * The publisher's packets are encrypted before measuring, one full 16-bit sequence cycle of them;
 * when the cycle restarts, the inbound session is keyed afresh (once per 65,536 packets), so the
 * stream goes on wrapping its sequence numbers naturally on the subscriber side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {

    static final int PACKET_LENGTH = 1200;
    private static final int CYCLE = 65_536;
    private static final int PAYLOAD_TYPE = 96;
    private static final long SSRC = 0x1234_5678L;
    private static final int PACKETS_PER_FRAME = 8;

    @Param({"1", "10", "100"})
    public int subscribers;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    private byte[][] encrypted;
    private byte[] exported;
    private SrtpSession inbound;
    private MediaLoop loop;
    private FanOutStage stage;
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
            writeVp8(n, buffer);
            if (publisher.protectRtp(view.wrap(buffer, 0, PACKET_LENGTH)) != SrtpStatus.OK) {
                throw new IllegalStateException("cannot encrypt the publisher's packets");
            }
            encrypted[n] = Arrays.copyOf(buffer, view.getLength());
        }
        publisher.close();
        inbound = SrtpSession.forDtlsServer(keys());
        loop = DiscardingMediaLoop.create();
        stage = FanOutStage.create(loop, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), track(), subscribers,
                profile, random);
    }

    @Benchmark
    public int fanOut() {
        if (next == CYCLE) {
            next = 0;
            inbound.close();
            inbound = SrtpSession.forDtlsServer(keys());
        }
        byte[] datagram = encrypted[next++];
        PacketBuffer buffer = loop.buffers().acquire();
        try {
            buffer.copyFrom(datagram, 0, datagram.length);
            SrtpPacket view = loop.srtp().wrap(buffer.array(), 0, datagram.length);
            RtpPacket rtp = loop.rtp();
            if (inbound.unprotectRtp(view) != SrtpStatus.OK || !rtp.wrap(buffer.array(), 0, view.getLength())) {
                throw new IllegalStateException("the server refused packet " + (next - 1));
            }
            int sent = stage.onRtp(rtp);
            if (sent != subscribers) {
                throw new IllegalStateException("sent to " + sent + " of " + subscribers);
            }
            return sent;
        } finally {
            loop.buffers().release(buffer);
        }
    }

    /** A fresh copy each time: sessions wipe the key arrays they are given. */
    private SrtpKeyingMaterial keys() {
        return SrtpKeyingMaterial.fromExporter(profile, exported.clone());
    }

    static TrackDescription track() {
        return new TrackDescription("1", "video", SSRC, -1, "publisher", null,
                List.of(new RtpCodec(PAYLOAD_TYPE, "VP8", 90_000, 0, null, List.of("nack", "nack pli", "ccm fir"))),
                List.of(new HeaderExtension(1, HeaderExtension.MID), new HeaderExtension(2, HeaderExtension.ABS_SEND_TIME),
                        new HeaderExtension(3, HeaderExtension.TRANSPORT_CC)));
    }

    /**
     * Packet {@code n} of a 30 fps VP8 stream as a browser sends it: the one-byte header
     * extensions mid, abs-send-time and transport-cc, then the payload descriptor and an
     * inter-frame payload.
     */
    static void writeVp8(int n, byte[] out) {
        Arrays.fill(out, 0, PACKET_LENGTH, (byte) 0x5A);
        out[0] = (byte) 0x90;
        out[1] = (byte) ((n % PACKETS_PER_FRAME == PACKETS_PER_FRAME - 1 ? 0x80 : 0) | PAYLOAD_TYPE);
        NetworkOrder.putUint16(out, 2, n & 0xFFFF);
        NetworkOrder.putUint32(out, 4, 3_000L * (n / PACKETS_PER_FRAME));
        NetworkOrder.putUint32(out, 8, SSRC);
        NetworkOrder.putUint16(out, 12, 0xBEDE);
        NetworkOrder.putUint16(out, 14, 3);
        out[16] = 0x10;
        out[17] = '1';
        out[18] = 0x22;
        NetworkOrder.putUint24(out, 19, n * 37);
        out[22] = 0x31;
        NetworkOrder.putUint16(out, 23, n);
        out[25] = 0;
        out[26] = 0;
        out[27] = 0;
        // VP8 descriptor: S bit on a frame's first packet; frame tag with P = 1 (an inter frame).
        out[28] = (byte) (n % PACKETS_PER_FRAME == 0 ? 0x10 : 0x00);
        out[29] = 0x01;
    }
}
