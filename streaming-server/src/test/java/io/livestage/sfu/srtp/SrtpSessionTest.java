package io.livestage.sfu.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.logging.Level;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {

    private static final int HEADROOM = 40;
    private static final int SSRC = 0x1234ABCD;
    private final SecureRandom random = new SecureRandom();

    private SrtpKeyingMaterial keys(SrtpProfile profile) {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        random.nextBytes(exported);
        return SrtpKeyingMaterial.fromExporter(profile, exported);
    }

    /** An RTP packet: version 2, one-byte header extension (abs-send-time), a payload of {@code payloadLength}. */
    private byte[] rtp(int ssrc, int sequence, int payloadLength) {
        byte[] packet = new byte[12 + 8 + payloadLength];
        packet[0] = (byte) 0x90;
        packet[1] = 96;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        packet[4] = 0x01;
        writeInt(packet, 8, ssrc);
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[15] = 1;
        packet[16] = 0x32;
        packet[17] = 0x0A;
        for (int i = 20; i < packet.length; i++) {
            packet[i] = (byte) (i * 7);
        }
        return packet;
    }

    /** An RTCP sender report from {@code ssrc} with no report blocks. */
    private static byte[] senderReport(int ssrc) {
        byte[] packet = new byte[28];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        packet[3] = 6;
        writeInt(packet, 4, ssrc);
        for (int i = 8; i < packet.length; i++) {
            packet[i] = (byte) (i * 3);
        }
        return packet;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Copies {@code plain} into a pooled-style buffer at an offset, with tailroom for the trailer. */
    private static SrtpPacket inBuffer(byte[] plain) {
        byte[] buffer = new byte[plain.length + 2 * HEADROOM];
        System.arraycopy(plain, 0, buffer, HEADROOM, plain.length);
        return new SrtpPacket().wrap(buffer, HEADROOM, plain.length);
    }

    private static byte[] bytes(SrtpPacket packet) {
        return Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsInBothDirections(SrtpProfile profile) {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpSession server = SrtpSession.forDtlsServer(keys);
        SrtpSession client = SrtpSession.forDtlsClient(keys);
        for (int seq = 65530; seq < 65545; seq++) {
            byte[] plain = rtp(SSRC, seq & 0xFFFF, 1200);
            SrtpPacket packet = inBuffer(plain);
            assertEquals(SrtpStatus.OK, client.protectRtp(packet));
            assertEquals(plain.length + profile.authTagLength(), packet.getLength());
            assertFalse(Arrays.equals(plain, 20, plain.length, packet.getBuffer(), HEADROOM + 20, HEADROOM + plain.length),
                    "payload must be encrypted");
            assertArrayEquals(Arrays.copyOf(plain, 20), Arrays.copyOf(bytes(packet), 20), "header stays clear");
            assertEquals(SrtpStatus.OK, server.unprotectRtp(packet));
            assertArrayEquals(plain, bytes(packet));

            SrtpPacket back = inBuffer(plain);
            assertEquals(SrtpStatus.OK, server.protectRtp(back));
            assertEquals(SrtpStatus.OK, client.unprotectRtp(back));
            assertArrayEquals(plain, bytes(back));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aRetransmissionEncryptsToTheSameBytesAndIsAcceptedWhenTheFirstCopyWasLost(SrtpProfile profile) {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpSession sender = SrtpSession.forDtlsServer(keys);
        SrtpSession receiver = SrtpSession.forDtlsClient(keys);
        SrtpPacket before = inBuffer(rtp(SSRC, 9, 300));
        assertEquals(SrtpStatus.OK, sender.protectRtp(before));
        SrtpPacket lost = inBuffer(rtp(SSRC, 10, 300));
        assertEquals(SrtpStatus.OK, sender.protectRtp(lost));
        SrtpPacket after = inBuffer(rtp(SSRC, 11, 300));
        assertEquals(SrtpStatus.OK, sender.protectRtp(after));
        assertEquals(SrtpStatus.OK, receiver.unprotectRtp(before));
        assertEquals(SrtpStatus.OK, receiver.unprotectRtp(after));

        SrtpPacket resent = inBuffer(rtp(SSRC, 10, 300));
        assertEquals(SrtpStatus.OK, sender.protectRtp(resent), "a NACKed packet can be protected again");
        assertArrayEquals(bytes(lost), bytes(resent));
        assertEquals(SrtpStatus.OK, receiver.unprotectRtp(resent));
        assertArrayEquals(rtp(SSRC, 10, 300), bytes(resent));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedReplayedAndForeignPacketsAreRefused(SrtpProfile profile) {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpSession sender = SrtpSession.forDtlsClient(keys);
        SrtpSession receiver = SrtpSession.forDtlsServer(keys);

        SrtpPacket payloadFlip = inBuffer(rtp(SSRC, 1, 200));
        sender.protectRtp(payloadFlip);
        payloadFlip.getBuffer()[HEADROOM + 100] ^= 0x01;
        assertEquals(SrtpStatus.AUTH_FAILED, receiver.unprotectRtp(payloadFlip));

        SrtpPacket headerFlip = inBuffer(rtp(SSRC, 2, 200));
        sender.protectRtp(headerFlip);
        headerFlip.getBuffer()[HEADROOM + 1] ^= 0x01; // payload type
        assertEquals(SrtpStatus.AUTH_FAILED, receiver.unprotectRtp(headerFlip));

        SrtpPacket good = inBuffer(rtp(SSRC, 3, 200));
        sender.protectRtp(good);
        byte[] wire = bytes(good);
        assertEquals(SrtpStatus.OK, receiver.unprotectRtp(good));
        assertEquals(SrtpStatus.REPLAYED, receiver.unprotectRtp(inBuffer(wire)));

        SrtpSession stranger = SrtpSession.forDtlsServer(keys(profile));
        assertEquals(SrtpStatus.AUTH_FAILED, stranger.unprotectRtp(inBuffer(wire)));

        assertEquals(SrtpStatus.INVALID_PACKET, receiver.unprotectRtp(inBuffer(Arrays.copyOf(wire, 12))));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndRefusesTamperingAndReplay(SrtpProfile profile) {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpSession server = SrtpSession.forDtlsServer(keys);
        SrtpSession client = SrtpSession.forDtlsClient(keys);
        byte[] plain = senderReport(SSRC);

        SrtpPacket packet = inBuffer(plain);
        assertEquals(SrtpStatus.OK, client.protectRtcp(packet));
        assertEquals(plain.length + client.rtcpTrailerLength(), packet.getLength());
        byte[] wire = bytes(packet);
        assertEquals(SrtpStatus.OK, server.unprotectRtcp(packet));
        assertArrayEquals(plain, bytes(packet));
        assertEquals(SrtpStatus.REPLAYED, server.unprotectRtcp(inBuffer(wire)));

        SrtpPacket second = inBuffer(plain);
        client.protectRtcp(second);
        second.getBuffer()[HEADROOM + 12] ^= 0x10;
        assertEquals(SrtpStatus.AUTH_FAILED, server.unprotectRtcp(second));

        SrtpPacket reverse = inBuffer(senderReport(0x0BADCAFE));
        assertEquals(SrtpStatus.OK, server.protectRtcp(reverse));
        assertEquals(SrtpStatus.OK, client.unprotectRtcp(reverse));
        assertArrayEquals(senderReport(0x0BADCAFE), bytes(reverse));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theDtlsClientSendsWithTheClientWriteKey(SrtpProfile profile) throws Exception {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpPacket packet = inBuffer(rtp(SSRC, 10, 300));
        SrtpSession.forDtlsClient(keys).protectRtp(packet);

        // RFC 5764 4.2: decrypt with a context built straight from client_write_SRTP_master_key/salt.
        SrtpPolicy policy = profile == SrtpProfile.AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        SrtpContextFactory clientWrite = new SrtpContextFactory(false, keys.clientMasterKey(), keys.clientMasterSalt(),
                policy, policy, new LoggerImpl("test", Level.OFF));
        SrtpCryptoContext context = clientWrite.deriveContext(SSRC, 0);
        assertEquals(SrtpErrorStatus.OK, context.reverseTransformPacket(packet, false));
        assertArrayEquals(rtp(SSRC, 10, 300), bytes(packet));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void keepsOneContextPerSsrcAndIgnoresForgedSsrcs(SrtpProfile profile) {
        SrtpKeyingMaterial keys = keys(profile);
        SrtpSession sender = SrtpSession.forDtlsClient(keys);
        SrtpSession receiver = SrtpSession.forDtlsServer(keys);
        byte[] garbage = rtp(0, 1, 100);
        for (int i = 0; i < 2 * SrtpSession.MAX_SSRCS_PER_DIRECTION; i++) {
            writeInt(garbage, 8, 0x7000_0000 + i);
            assertEquals(SrtpStatus.AUTH_FAILED, receiver.unprotectRtp(inBuffer(garbage)));
        }
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            for (int seq = 100; seq < 103; seq++) {
                SrtpPacket packet = inBuffer(rtp(ssrc, seq, 100));
                assertEquals(SrtpStatus.OK, sender.protectRtp(packet));
                assertEquals(SrtpStatus.OK, receiver.unprotectRtp(packet), "ssrc " + ssrc + " seq " + seq);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesToWritePastTheBuffer(SrtpProfile profile) {
        SrtpSession session = SrtpSession.forDtlsClient(keys(profile));
        byte[] exact = rtp(SSRC, 1, 100);
        SrtpPacket packet = new SrtpPacket().wrap(exact, 0, exact.length);
        assertEquals(SrtpStatus.NO_ROOM, session.protectRtp(packet));
        assertEquals(SrtpStatus.NO_ROOM, session.protectRtcp(new SrtpPacket().wrap(senderReport(SSRC), 0, 28)));
        assertEquals(SrtpStatus.INVALID_PACKET, session.protectRtp(inBuffer(new byte[8])));
    }
}
