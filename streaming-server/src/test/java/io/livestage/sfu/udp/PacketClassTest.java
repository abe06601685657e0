package io.livestage.sfu.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacketClassTest {
    @Test
    void rfc7983Ranges() {
        assertEquals(PacketClass.STUN, PacketClass.of(0));
        assertEquals(PacketClass.STUN, PacketClass.of(3));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of(4));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of(19));
        assertEquals(PacketClass.DTLS, PacketClass.of(20));
        assertEquals(PacketClass.DTLS, PacketClass.of(22));
        assertEquals(PacketClass.DTLS, PacketClass.of(63));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of(64));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of(127));
        assertEquals(PacketClass.RTP_OR_RTCP, PacketClass.of(128));
        assertEquals(PacketClass.RTP_OR_RTCP, PacketClass.of((byte) 0x90));
        assertEquals(PacketClass.RTP_OR_RTCP, PacketClass.of(191));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of(192));
        assertEquals(PacketClass.UNKNOWN, PacketClass.of((byte) 0xFF));
    }
}
