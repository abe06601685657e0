package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The publisher's side of simulcast: keyframe requests go to the layer they name, media.layers pauses layers. */
class SimulcastPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPliGoesToTheLayerWhoseSsrcItNamesAndIsCountedForIt() {
        Vp8Packetizer[] layers = layers();
        PublisherFeedback feedback = new PublisherFeedback();
        feedback.attach(layers);
        for (Vp8Packetizer layer : layers) {
            firstFrame(layer);
        }
        feedback.onRtcp(null, pli(layers[2].ssrc()), 0, RtcpFeedbackWriter.PLI_LENGTH);
        feedback.onRtcp(null, pli(layers[2].ssrc()), 0, RtcpFeedbackWriter.PLI_LENGTH);
        feedback.onRtcp(null, pli(layers[0].ssrc()), 0, RtcpFeedbackWriter.PLI_LENGTH);
        feedback.onRtcp(null, pli(0xDEAD), 0, RtcpFeedbackWriter.PLI_LENGTH);

        assertArrayEquals(new long[] {1, 0, 2, 1}, feedback.keyframeRequestsBySource(), "the last names no layer");
        assertEquals(4, feedback.keyframeRequests());
        assertTrue(startsKeyframe(layers[0]));
        assertFalse(startsKeyframe(layers[1]), "not asked: its next frame is an interframe");
        assertTrue(startsKeyframe(layers[2]));
    }

    @Test
    void withOneStreamEveryRequestGoesToItWhateverItNames() {
        Vp8Packetizer video = layers()[2];
        PublisherFeedback feedback = new PublisherFeedback();
        feedback.attach(video);
        firstFrame(video);
        feedback.onRtcp(null, pli(0xDEAD), 0, RtcpFeedbackWriter.PLI_LENGTH);
        assertTrue(startsKeyframe(video));
        byte[] fir = new byte[RtcpFeedbackWriter.FIR_LENGTH];
        RtcpFeedbackWriter.writeFir(fir, 0, 1, 0xBEEF, 1);
        feedback.onRtcp(null, fir, 0, fir.length);
        assertTrue(startsKeyframe(video));
        feedback.onRtcp(null, pli(video.ssrc()), 0, RtcpFeedbackWriter.PLI_LENGTH);
        assertTrue(startsKeyframe(video));

        assertArrayEquals(new long[] {1, 2}, feedback.keyframeRequestsBySource(), "its own, and two naming others");
    }

    @Test
    void mediaLayersPausesTheLayersItLeavesOutAndResumesThemWithAKeyframe() throws Exception {
        Vp8Packetizer[] layers = layers();
        for (Vp8Packetizer layer : layers) {
            firstFrame(layer);
        }
        ActiveLayers active = new ActiveLayers();
        // An event before media starts applies once the layers exist.
        active.onEvent(null, layersEvent("1", "q", "h"));
        assertEquals(List.of("q", "h"), active.lastActive());
        active.attach(Runnable::run, List.of("q", "h", "f"), layers);
        assertFalse(layers[0].paused() || layers[1].paused());
        assertTrue(layers[2].paused());

        active.onEvent(null, layersEvent("0", "q"));
        active.onEvent(null, JSON.readTree("{\"type\":\"media.layer\",\"subscriptionId\":\"s\",\"layer\":\"low\"}"));
        assertFalse(layers[1].paused(), "another section's or another type's event changes nothing");
        assertEquals(1, active.events());

        assertTrue(sent(layers[2]).isEmpty(), "a paused layer sends nothing");
        active.onEvent(null, layersEvent("1", "q", "h", "f"));
        assertFalse(layers[2].paused());
        assertTrue(startsKeyframe(layers[2]));
        assertEquals(2, active.events());
    }

    @Test
    void nothingIsPausedBeforeTheServerSaysSo() {
        Vp8Packetizer[] layers = layers();
        ActiveLayers active = new ActiveLayers();
        active.attach(Runnable::run, List.of("q", "h", "f"), layers);
        assertNull(active.lastActive());
        for (Vp8Packetizer layer : layers) {
            assertFalse(layer.paused());
        }
    }

    private static Vp8Packetizer[] layers() {
        List<SimulcastLayer> standard = SimulcastLayer.standard();
        Vp8Packetizer[] layers = new Vp8Packetizer[standard.size()];
        for (int i = 0; i < layers.length; i++) {
            RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO, "1",
                    standard.get(i).rid(), new TransportWideSequence());
            layers[i] = new Vp8Packetizer(100 + i, OfferBuilder.VP8_PT, standard.get(i).video(), header,
                    new SplittableRandom(i));
        }
        return layers;
    }

    /** Sends the stream's first frame, which is always a keyframe, so the next shows whether one was asked for. */
    private static void firstFrame(Vp8Packetizer layer) {
        layer.emitUnit(0, (buf, off, len) -> { });
    }

    private static List<byte[]> sent(Vp8Packetizer layer) {
        List<byte[]> packets = new ArrayList<>();
        layer.emitUnit(33_000_000, (buf, off, len) -> packets.add(Arrays.copyOfRange(buf, off, off + len)));
        return packets;
    }

    private static boolean startsKeyframe(Vp8Packetizer layer) {
        List<byte[]> packets = sent(layer);
        RtpPacket first = new RtpPacket();
        assertTrue(first.wrap(packets.get(0), 0, packets.get(0).length));
        return Vp8Payload.isKeyframe(first.buffer(), first.payloadOffset(), first.payloadLength());
    }

    private static byte[] pli(long mediaSsrc) {
        byte[] pli = new byte[RtcpFeedbackWriter.PLI_LENGTH];
        RtcpFeedbackWriter.writePli(pli, 0, 1, mediaSsrc);
        return pli;
    }

    private static JsonNode layersEvent(String mid, String... active) {
        var event = JSON.createObjectNode().put("type", "media.layers").put("roomId", "r").put("mid", mid);
        var rids = event.putArray("active");
        for (String rid : active) {
            rids.add(rid);
        }
        return event;
    }
}
