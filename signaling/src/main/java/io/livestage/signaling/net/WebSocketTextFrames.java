package io.livestage.signaling.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Whole WebSocket text frames as the server sends them (RFC 6455 §5.2: FIN, opcode 1, no mask), header and
 * payload in one buffer. A server's frames are unmasked, so one frame's bytes are the same for every
 * recipient: encoded once, they are written to each connection as they are, past the per-connection encoder.
 */
public final class WebSocketTextFrames {
    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private WebSocketTextFrames() {
    }

    /** One final text frame carrying {@code payload} (UTF-8). */
    public static ByteBuf encode(byte[] payload) {
        int length = payload.length;
        int header = length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = Unpooled.buffer(header + length, header + length);
        frame.writeByte(FIN_TEXT);
        if (length < LENGTH_16) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(LENGTH_16);
            frame.writeShort(length);
        } else {
            frame.writeByte(LENGTH_64);
            frame.writeLong(length);
        }
        return frame.writeBytes(payload);
    }
}
