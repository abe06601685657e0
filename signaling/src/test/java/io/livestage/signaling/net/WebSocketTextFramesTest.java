package io.livestage.signaling.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Byte fixtures of whole server text frames, and the same bytes as Netty's own encoder writes. */
class WebSocketTextFramesTest {
    @Test
    void aShortPayloadHasATwoByteHeader() {
        ByteBuf frame = WebSocketTextFrames.encode("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("8107" + "7b2261223a317d", ByteBufUtil.hexDump(frame));
        frame.release();
    }

    @Test
    void lengthsFrom126To65535TakeTwoMoreBytesAndLongerOnesEight() {
        ByteBuf medium = WebSocketTextFrames.encode(payload(126));
        assertEquals("817e007e", ByteBufUtil.hexDump(medium, 0, 4));
        assertEquals(4 + 126, medium.readableBytes());
        ByteBuf large = WebSocketTextFrames.encode(payload(65_536));
        assertEquals("817f0000000000010000", ByteBufUtil.hexDump(large, 0, 10));
        assertEquals(10 + 65_536, large.readableBytes());
        medium.release();
        large.release();
    }

    @Test
    void theBytesAreWhatNettysServerEncoderWrites() {
        for (int length : new int[] {0, 1, 125, 126, 1023, 1024, 65_535, 65_536, 70_000}) {
            byte[] payload = payload(length);
            EmbeddedChannel netty = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
            netty.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            ByteBuf expected = Unpooled.buffer();
            for (Object out = netty.readOutbound(); out != null; out = netty.readOutbound()) {
                expected.writeBytes((ByteBuf) out);
                ((ByteBuf) out).release();
            }
            ByteBuf ours = WebSocketTextFrames.encode(payload);
            assertArrayEquals(ByteBufUtil.getBytes(expected), ByteBufUtil.getBytes(ours), "length " + length);
            expected.release();
            ours.release();
        }
    }

    private static byte[] payload(int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        return payload;
    }
}
