package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.RtpCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte fixtures of a VP8 simulcast publisher as Chromium sends one: layers q, h and f on SSRCs of
 * their own, each packet with the MID and RID extensions and a full VP8 payload descriptor
 * (15-bit picture id, TL0PICIDX, temporal layer and layer-sync bit).
 */
final class SimulcastPackets {
    static final int RID_ID = 4;
    static final int REPAIRED_RID_ID = 5;
    static final List<String> RIDS = List.of("q", "h", "f");
    static final long[] SSRCS = {0x5100_0001L, 0x5100_0002L, 0x5100_0003L};
    static final long[] RTX_SSRCS = {0x5200_0001L, 0x5200_0002L, 0x5200_0003L};
    static final int H264 = 102;
    static final RtpCodec H264_CODEC = new RtpCodec(H264, "H264", 90_000, 0,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", List.of("nack", "nack pli"));

    private SimulcastPackets() {
    }

    /** The publisher's simulcast H.264 section as our answer accepted it. */
    static AcceptedMedia h264Section() {
        AcceptedMedia vp8 = section();
        return new AcceptedMedia(vp8.mid(), vp8.kind(), vp8.direction(), List.of(H264_CODEC), vp8.extensions(),
                List.of(), List.of(), RIDS, vp8.msid());
    }

    /** The publisher's simulcast video section as our answer accepted it. */
    static AcceptedMedia section() {
        List<HeaderExtension> extensions = new ArrayList<>(StageFixture.EXTENSIONS);
        extensions.add(new HeaderExtension(RID_ID, HeaderExtension.RID));
        extensions.add(new HeaderExtension(REPAIRED_RID_ID, HeaderExtension.REPAIRED_RID));
        return new AcceptedMedia("1", "video", MediaDirection.RECVONLY, StageFixture.CODECS, extensions, List.of(),
                List.of(), RIDS, "stream video");
    }

    /** One VP8 packet of a layer; describe it with the builder's setters, then {@link Vp8#bytes()}. */
    static Vp8 layer(int layer) {
        return new Vp8(layer);
    }

    static final class Vp8 {
        private final int layer;
        private int sequence;
        private long timestamp;
        private boolean marker = true;
        private int pictureId;
        private int tl0 = 0;
        private int temporal;
        private boolean sync;
        private boolean keyframe;
        private boolean frameStart = true;
        private boolean rid = true;
        private boolean repair;
        private boolean h264;

        private Vp8(int layer) {
            this.layer = layer;
        }

        Vp8 sequence(int value) {
            sequence = value;
            return this;
        }

        Vp8 timestamp(long value) {
            timestamp = value;
            return this;
        }

        Vp8 marker(boolean value) {
            marker = value;
            return this;
        }

        Vp8 picture(int value) {
            pictureId = value;
            return this;
        }

        Vp8 tl0(int value) {
            tl0 = value;
            return this;
        }

        Vp8 temporal(int value, boolean layerSync) {
            temporal = value;
            sync = layerSync;
            return this;
        }

        Vp8 keyframe() {
            keyframe = true;
            return this;
        }

        /** A later packet of its frame (not its first). */
        Vp8 continuation() {
            frameStart = false;
            return this;
        }

        /** Without the RID element: the layer's SSRC is known by now. */
        Vp8 withoutRid() {
            rid = false;
            return this;
        }

        /** An H.264 packet (a single NAL unit: IDR for a keyframe, else a non-IDR slice) instead of VP8. */
        Vp8 h264() {
            h264 = true;
            return this;
        }

        /** On the layer's RTX stream, named by the repaired-RID element. */
        Vp8 repair() {
            repair = true;
            return this;
        }

        byte[] bytes() {
            byte[] packet = new byte[160];
            packet[0] = (byte) 0x90;
            packet[1] = (byte) ((marker ? 0x80 : 0) | (repair ? StageFixture.RTX : h264 ? H264 : StageFixture.VP8));
            NetworkOrder.putUint16(packet, 2, sequence);
            NetworkOrder.putUint32(packet, 4, timestamp);
            NetworkOrder.putUint32(packet, 8, repair ? RTX_SSRCS[layer] : SSRCS[layer]);
            NetworkOrder.putUint16(packet, 12, 0xBEDE);
            NetworkOrder.putUint16(packet, 14, 2);
            packet[16] = (byte) (StageFixture.MID_ID << 4);
            packet[17] = '1';
            if (rid) {
                packet[18] = (byte) ((repair ? REPAIRED_RID_ID : RID_ID) << 4);
                packet[19] = RIDS.get(layer).getBytes(StandardCharsets.US_ASCII)[0];
            }
            int p = 24;
            if (h264) {
                packet[p] = (byte) (keyframe ? 0x65 : 0x41);
                return packet;
            }
            packet[p++] = (byte) (0x80 | (frameStart ? 0x10 : 0));
            packet[p++] = (byte) 0xE0; // I, L and T present
            packet[p++] = (byte) (0x80 | (pictureId >>> 8));
            packet[p++] = (byte) pictureId;
            packet[p++] = (byte) tl0;
            packet[p++] = (byte) (temporal << 6 | (sync ? 0x20 : 0));
            packet[p] = (byte) (keyframe ? 0x00 : 0x01);
            if (keyframe) {
                packet[p + 3] = (byte) 0x9D;
                packet[p + 4] = 0x01;
                packet[p + 5] = 0x2A;
            }
            return packet;
        }
    }
}
