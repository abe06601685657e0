package io.livestage.sfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;

import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards the media hot path against per-packet garbage. Our own code allocates nothing per
 * packet; jitsi-srtp itself still allocates a little (debug-log lambdas, HMAC results), so the
 * bound is well under the 1.2 kB packet copy it would make with the SunJCE ciphers.
 */
class SrtpSteadyStateTest {

    private static final int PACKETS = 20_000;
    private static final long MAX_BYTES_PER_PACKET = 400;

    @BeforeAll
    static void warmUp() {
        SrtpSession.warmUp();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectAndUnprotectDoNotCopyPackets(SrtpProfile profile) {
        assumeTrue(JitsiOpenSslProvider.isLoaded(), "needs jitsi-srtp's OpenSSL binding (libssl3)");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] exported = new byte[profile.keyingMaterialLength()];
        new SecureRandom().nextBytes(exported);
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporter(profile, exported);
        SrtpSession sender = SrtpSession.forDtlsClient(keys);
        SrtpSession receiver = SrtpSession.forDtlsServer(keys);
        byte[] buffer = new byte[1300];
        SrtpPacket packet = new SrtpPacket();

        long measuredFrom = 0;
        for (int i = 0; i < 2 * PACKETS; i++) {
            if (i == PACKETS) {
                measuredFrom = threads.getCurrentThreadAllocatedBytes();
            }
            buffer[0] = (byte) 0x80;
            buffer[2] = (byte) (i >>> 8);
            buffer[3] = (byte) i;
            buffer[11] = 7;
            assertEquals(SrtpStatus.OK, sender.protectRtp(packet.wrap(buffer, 0, 1200)));
            assertEquals(SrtpStatus.OK, receiver.unprotectRtp(packet));
        }
        long perPacket = (threads.getCurrentThreadAllocatedBytes() - measuredFrom) / PACKETS;
        assertTrue(perPacket < MAX_BYTES_PER_PACKET, profile + " allocated " + perPacket + " bytes per packet");
    }
}
