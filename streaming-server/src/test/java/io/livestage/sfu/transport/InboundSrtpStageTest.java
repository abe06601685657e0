package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InboundSrtpStageTest {
    private final StageFixture fixture = new StageFixture();
    private final StageFixture.Sessions sessions = StageFixture.Sessions.of(3);
    private boolean handshaking = true;
    private final InboundSrtpStage stage = new InboundSrtpStage(fixture.metrics, () -> handshaking);

    @Test
    void decryptsRtpInPlaceAndParsesIt() {
        stage.key(sessions.ours());
        byte[] plain = StageFixture.vp8(7, 1, true);
        PacketBuffer packet = fixture.buffer(protectRtp(sessions.peer(), plain));

        assertEquals(InboundSrtpStage.Outcome.RTP, stage.unprotect(fixture.loop, packet));
        assertEquals(plain.length, stage.length());
        assertEquals(7, fixture.loop.rtp().sequenceNumber());
        assertArrayEquals(plain, Arrays.copyOf(packet.array(), plain.length));
    }

    @Test
    void decryptsRtcp() {
        stage.key(sessions.ours());
        byte[] rtcp = new byte[100];
        RtcpCompoundWriter writer = new RtcpCompoundWriter();
        writer.begin(rtcp, 0);
        writer.receiverReport(0x1234, 0);
        writer.sdesCname(0x1234, "peer".getBytes());
        int length = writer.finish();
        byte[] wire = Arrays.copyOf(rtcp, 200);
        SrtpPacket view = new SrtpPacket().wrap(wire, 0, length);
        assertEquals(SrtpStatus.OK, sessions.peer().protectRtcp(view));

        assertEquals(InboundSrtpStage.Outcome.RTCP, stage.unprotect(fixture.loop, fixture.buffer(Arrays.copyOf(wire,
                view.getLength()))));
        assertEquals(length, stage.length());
    }

    @Test
    void refusesRtpThatDoesNotAuthenticateAndNamesItsStream() {
        stage.key(sessions.ours());
        byte[] wire = protectRtp(sessions.peer(), StageFixture.vp8(7, 1, false));
        wire[wire.length - 1] ^= 1;

        assertEquals(InboundSrtpStage.Outcome.REFUSED_RTP, stage.unprotect(fixture.loop, fixture.buffer(wire)));
        assertEquals(StageFixture.VIDEO_SSRC, stage.failedSsrc());
    }

    @Test
    void holdsWhatRacesTheHandshakeBoundedAndGivesItBackInOrder() {
        for (int i = 0; i < InboundSrtpStage.MAX_EARLY_PACKETS; i++) {
            assertEquals(InboundSrtpStage.Outcome.HELD, stage.unprotect(fixture.loop,
                    fixture.buffer(protectRtp(sessions.peer(), StageFixture.vp8(i, i, false)))));
        }
        assertEquals(InboundSrtpStage.Outcome.DROPPED, stage.unprotect(fixture.loop,
                fixture.buffer(protectRtp(sessions.peer(), StageFixture.vp8(99, 99, false)))));

        stage.key(sessions.ours());
        for (int i = 0; i < InboundSrtpStage.MAX_EARLY_PACKETS; i++) {
            PacketBuffer held = stage.pollHeld();
            assertEquals(InboundSrtpStage.Outcome.RTP, stage.unprotect(fixture.loop, held));
            assertEquals(i, fixture.loop.rtp().sequenceNumber());
            fixture.loop.buffers().release(held);
        }
        assertNull(stage.pollHeld());
    }

    @Test
    void dropsWhatArrivesBeforeAnyHandshakeAndFreesHeldPacketsOnClose() {
        handshaking = false;
        assertEquals(InboundSrtpStage.Outcome.DROPPED, stage.unprotect(fixture.loop, fixture.buffer(new byte[40])));

        handshaking = true;
        assertEquals(InboundSrtpStage.Outcome.HELD, stage.unprotect(fixture.loop, fixture.buffer(new byte[40])));
        stage.close(fixture.loop);
        assertNull(stage.pollHeld());
        assertEquals(InboundSrtpStage.Outcome.HELD, stage.unprotect(fixture.loop, fixture.buffer(new byte[40])),
                "a closed stage has no keys");
    }

    static byte[] protectRtp(SrtpSession session, byte[] plain) {
        byte[] wire = Arrays.copyOf(plain, plain.length + 32);
        SrtpPacket view = new SrtpPacket().wrap(wire, 0, plain.length);
        assertEquals(SrtpStatus.OK, session.protectRtp(view));
        return Arrays.copyOf(wire, view.getLength());
    }
}
