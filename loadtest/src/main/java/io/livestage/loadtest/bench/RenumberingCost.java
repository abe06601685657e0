package io.livestage.loadtest.bench;

import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.transport.FanOutStage;
import io.livestage.sfu.transport.Producer;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * What each subscriber's own transport-wide numbering and abs-send-time stamp cost the fan-out,
 * measured by alternating, in one JVM, between two producers of the same stream: one whose
 * subscribers accepted those extensions (each packet numbered and stamped for each of them) and
 * one whose subscribers did not. Separate JMH runs of the two could not tell them apart on a
 * shared VM whose speed changes by 1.5–2× from one minute to the next; blocks of 500 packets
 * alternating between the two see the same machine.
 *
 * <p>{@code java -cp loadtest/target/livestage-loadtest.jar io.livestage.loadtest.bench.RenumberingCost 10}
 */
public final class RenumberingCost {
    private static final int BLOCK = 500;
    private static final int BLOCKS = 400;

    private RenumberingCost() {
    }

    public static void main(String[] args) {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        SecureRandom random = new SecureRandom();
        MediaLoop loop = BenchStages.discardingLoop();
        SfuMetrics metrics = BenchStages.metrics();
        WebRtcTransport publisher = BenchStages.idlePublisher(random);
        Producer[] producers = new Producer[2];
        for (int variant = 0; variant < 2; variant++) {
            producers[variant] = BenchStages.publisher(Vp8Stream.SSRC, Vp8Stream.PAYLOAD_TYPE, metrics).tracks().get(0);
            for (int i = 0; i < subscribers; i++) {
                BenchStages.subscribe(producers[variant], publisher, new InetSocketAddress("127.0.0.1", 10_000 + i),
                        "0", variant == 0, SrtpProfile.AEAD_AES_128_GCM, random);
            }
        }
        FanOutStage fanOut = new FanOutStage(metrics);
        RtpPacket rtp = new RtpPacket();
        PacketBuffer buffer = loop.buffers().acquire();
        long[] nanos = new long[2];
        int n = 0;
        for (int block = 0; block < BLOCKS; block++) {
            for (int turn = 0; turn < 2; turn++) {
                int variant = (block + turn) & 1;
                long start = System.nanoTime();
                for (int k = 0; k < BLOCK; k++) {
                    Vp8Stream.write(n++, buffer.array());
                    rtp.wrap(buffer.array(), 0, Vp8Stream.PACKET_LENGTH);
                    fanOut.forward(loop, producers[variant], rtp, false, System.nanoTime());
                }
                if (block >= BLOCKS / 4) {
                    nanos[variant] += System.nanoTime() - start;
                }
            }
        }
        double packets = (double) BLOCK * (BLOCKS - BLOCKS / 4);
        double numbered = nanos[0] / packets;
        double plain = nanos[1] / packets;
        System.out.printf("%d subscribers, ns per incoming packet (warm, %,.0f packets each, interleaved):%n"
                        + "  numbered and stamped per subscriber: %,.0f%n  not numbered:                        %,.0f%n"
                        + "  difference per subscriber:          %,.1f ns%n",
                subscribers, packets, numbered, plain, (numbered - plain) / subscribers);
    }
}
