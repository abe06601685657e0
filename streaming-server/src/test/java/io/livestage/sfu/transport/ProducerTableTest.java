package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.PublisherAnswer;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.SdpFixtures;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SsrcGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerTableTest {
    private static PublisherAnswer chromeAnswer() throws Exception {
        return PublisherAnswerBuilder.answer(SdpOffer.parse(SdpFixtures.load(SdpFixtures.CHROME)),
                new LocalTransportDescription(new IceCredentials("abcd", "0123456789012345678901"),
                        "AA:BB", List.of(new HostCandidate("127.0.0.1", 10000))));
    }

    @Test
    void announcedSsrcsBecomeTracksAndRtxRepairsThem() throws Exception {
        PublisherAnswer answer = chromeAnswer();
        ProducerTable table = new ProducerTable(answer.media());
        AcceptedMedia video = answer.media().stream().filter(m -> m.kind().equals("video")).findFirst().orElseThrow();
        SsrcGroup fid = video.ssrcGroups().stream().filter(g -> g.semantics().equals(SsrcGroup.FID)).findFirst().orElseThrow();
        Producer track = table.media(fid.ssrcs().get(0));
        assertNotNull(track);
        assertEquals("video", track.kind());
        assertNull(table.media(fid.ssrcs().get(1)), "an RTX SSRC is not a track of its own");
        assertSame(track, table.repairedBy(fid.ssrcs().get(1)));
        assertTrue(table.all().stream().anyMatch(p -> p.kind().equals("audio")));
    }

    @Test
    void unannouncedStreamsAreLearnedByMidOnly() throws Exception {
        PublisherAnswer answer = chromeAnswer();
        ProducerTable table = new ProducerTable(answer.media());
        AcceptedMedia audio = answer.media().get(0);
        int midId = audio.extensionId(HeaderExtension.MID);
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(rtpWithMid(0x11223344L, midId, audio.mid()), 0, 24));
        Producer learned = table.learn(packet);
        assertNotNull(learned);
        assertEquals(audio.kind(), learned.kind());
        assertSame(learned, table.media(0x11223344L));
        assertTrue(packet.wrap(rtpWithMid(0x55667788L, midId, "nope"), 0, 24));
        assertNull(table.learn(packet), "a MID we did not accept is not a track");
    }

    /** A 12-byte RTP header plus a one-byte-header extension block carrying the MID, then padding to 24 bytes. */
    private static byte[] rtpWithMid(long ssrc, int extensionId, String mid) {
        byte[] bytes = new byte[24];
        bytes[0] = (byte) 0x90;
        bytes[1] = 111;
        bytes[8] = (byte) (ssrc >>> 24);
        bytes[9] = (byte) (ssrc >>> 16);
        bytes[10] = (byte) (ssrc >>> 8);
        bytes[11] = (byte) ssrc;
        bytes[12] = (byte) 0xBE;
        bytes[13] = (byte) 0xDE;
        bytes[15] = 1;
        byte[] midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        bytes[16] = (byte) ((extensionId << 4) | (midBytes.length - 1));
        System.arraycopy(midBytes, 0, bytes, 17, midBytes.length);
        return bytes;
    }
}
