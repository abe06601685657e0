package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.udp.MediaLoop;

/** Where a transport's own RTCP goes: protected with its SRTCP context and sent to its peer. */
@FunctionalInterface
public interface RtcpOutput {
    /**
     * Sends the first {@code length} bytes of {@code buffer} (plain RTCP, with room after it for the
     * SRTCP trailer). On the transport's owner loop.
     *
     * @return false when nothing was sent (not keyed yet, no address, closed)
     */
    boolean sendRtcp(MediaLoop loop, PacketBuffer buffer, int length);
}
