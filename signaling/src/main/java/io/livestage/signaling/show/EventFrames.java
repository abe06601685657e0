package io.livestage.signaling.show;

import io.netty.buffer.ByteBuf;

/**
 * What one member gets of a round of events: the frames to write, in order, and the protocol type of each
 * (for the outbound message counts). The same instance, and the same buffers, go to every member with the
 * same view of the round.
 */
record EventFrames(ByteBuf[] frames, String[] types) {
}
