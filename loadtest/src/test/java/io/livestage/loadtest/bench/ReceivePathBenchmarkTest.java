package io.livestage.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.PacketBufferPool;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark must measure real work: packets that decrypt to what was sent, and no refusals. */
class ReceivePathBenchmarkTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void stagesYieldTheSentPacketAndRefuseAReplay(SrtpProfile profile) throws Exception {
        ReceivePathBenchmark benchmark = new ReceivePathBenchmark();
        benchmark.profile = profile;
        benchmark.setUp();
        byte[] exported = new byte[profile.keyingMaterialLength()];
        Arrays.fill(exported, (byte) 7);
        SrtpSession publisher = SrtpSession.forDtlsClient(SrtpKeyingMaterial.fromExporter(profile, exported.clone()));
        ReceivePathBenchmark.Peer peer = benchmark.peer();
        peer.connect(SrtpSession.forDtlsServer(SrtpKeyingMaterial.fromExporter(profile, exported.clone())));
        InetSocketAddress from = benchmark.senderAddress();
        PacketBufferPool pool = new PacketBufferPool(1);

        int packets = Vp8Stream.PACKETS_PER_FRAME * Vp8Stream.FRAMES_PER_KEYFRAME + 1;
        byte[] sent = new byte[PacketBuffer.CAPACITY];
        byte[] wire = new byte[PacketBuffer.CAPACITY];
        SrtpPacket view = new SrtpPacket();
        ByteBuf datagram = Unpooled.directBuffer(PacketBuffer.CAPACITY);
        for (int n = 0; n < packets; n++) {
            Vp8Stream.write(n, sent);
            System.arraycopy(sent, 0, wire, 0, Vp8Stream.PACKET_LENGTH);
            assertEquals(SrtpStatus.OK, publisher.protectRtp(view.wrap(wire, 0, Vp8Stream.PACKET_LENGTH)));
            datagram.setBytes(0, wire, 0, view.getLength());

            PacketBuffer buffer = pool.acquire();
            RtpPacket rtp = benchmark.receive(datagram, 0, view.getLength(), from, buffer);
            assertEquals(Vp8Stream.sequenceNumber(n), rtp.sequenceNumber());
            assertArrayEquals(Arrays.copyOf(sent, Vp8Stream.PACKET_LENGTH),
                    Arrays.copyOfRange(rtp.buffer(), rtp.offset(), rtp.offset() + rtp.length()));
            pool.release(buffer);
        }
        TrackStats track = peer.tracks().tracks().get(0).snapshot("publisher");
        assertEquals(packets, track.packets());
        assertEquals(0, track.lost());
        assertEquals(2, track.keyframes(), "packets 0 and " + (packets - 1) + " start keyframes");

        int last = view.getLength();
        assertThrows(IllegalStateException.class, () -> benchmark.receive(datagram, 0, last, from, pool.acquire()));
        datagram.release();
        benchmark.tearDown();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void benchmarkKeepsReceivingAcrossRingRestarts(SrtpProfile profile) throws Exception {
        ReceivePathBenchmark benchmark = new ReceivePathBenchmark();
        benchmark.profile = profile;
        benchmark.setUp();
        int extra = 10;
        for (int i = 0; i < 2 * ReceivePathBenchmark.RING + extra; i++) {
            assertEquals(Vp8Stream.PACKET_LENGTH - Vp8Stream.HEADER_LENGTH, benchmark.receiveNext());
        }
        assertEquals(extra, benchmark.peer().tracks().tracks().get(0).snapshot("publisher").packets());
        benchmark.tearDown();
    }
}
