package io.livestage.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;

/** The whole secure path: keys exported by a real handshake protect media in both directions. */
class DtlsSrtpKeysTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void handshakeKeysProtectMediaBothWays(SrtpProfile profile) throws Exception {
        DtlsConfig config = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(profile));
        DtlsPair pair = DtlsPair.honest(executor, config, config);
        pair.start();
        assertTrue(pair.serverWatcher.awaitSettled(Duration.ofSeconds(15)));
        assertTrue(pair.clientWatcher.awaitSettled(Duration.ofSeconds(15)));
        assertEquals(DtlsState.CONNECTED, pair.server.state());

        SrtpSession sfu = SrtpSession.forDtlsServer(pair.server.srtpKeyingMaterial());
        SrtpSession browser = SrtpSession.forDtlsClient(pair.client.srtpKeyingMaterial());
        assertEquals(profile, sfu.profile());

        byte[] plain = new byte[172];
        plain[0] = (byte) 0x80;
        plain[1] = 111;
        plain[11] = 42;
        Arrays.fill(plain, 12, plain.length, (byte) 0x5A);
        byte[] buffer = Arrays.copyOf(plain, 256);
        SrtpPacket packet = new SrtpPacket().wrap(buffer, 0, plain.length);
        assertEquals(SrtpStatus.OK, browser.protectRtp(packet));
        assertEquals(SrtpStatus.OK, sfu.unprotectRtp(packet));
        assertArrayEquals(plain, Arrays.copyOf(buffer, packet.getLength()));

        assertEquals(SrtpStatus.OK, sfu.protectRtp(packet));
        SrtpSession freshSfu = SrtpSession.forDtlsServer(pair.server.srtpKeyingMaterial());
        assertEquals(SrtpStatus.AUTH_FAILED,
                freshSfu.unprotectRtp(new SrtpPacket().wrap(buffer.clone(), 0, packet.getLength())),
                "each direction has its own key");
        assertEquals(SrtpStatus.OK, browser.unprotectRtp(packet));
        assertArrayEquals(plain, Arrays.copyOf(buffer, packet.getLength()));
    }
}
