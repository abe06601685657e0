package io.livestage.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpProfile;

class DtlsTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static void assertConnectedWithSameKeys(DtlsPair pair, SrtpProfile expected) throws InterruptedException {
        assertTrue(pair.serverWatcher.awaitSettled(WAIT), "server did not settle");
        assertTrue(pair.clientWatcher.awaitSettled(WAIT), "client did not settle");
        assertEquals(DtlsState.CONNECTED, pair.server.state(), () -> "server failure: " + pair.server.failure());
        assertEquals(DtlsState.CONNECTED, pair.client.state(), () -> "client failure: " + pair.client.failure());
        SrtpKeyingMaterial serverKeys = pair.server.srtpKeyingMaterial();
        SrtpKeyingMaterial clientKeys = pair.client.srtpKeyingMaterial();
        assertEquals(expected, serverKeys.profile());
        assertTrue(serverKeys.sameKeysAs(clientKeys), "both ends must export the same SRTP keys");
        assertEquals(expected.masterKeyLength(), serverKeys.clientMasterKey().length);
        assertEquals(expected.masterSaltLength(), serverKeys.serverMasterSalt().length);
        assertFalse(java.util.Arrays.equals(serverKeys.clientMasterKey(), serverKeys.serverMasterKey()));
        assertTrue(pair.server.handshakeNanos() > 0);
    }

    @Test
    void negotiatesGcmWhenTheClientOffersIt() throws Exception {
        DtlsPair pair = DtlsPair.honest(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT);
        pair.start();
        assertConnectedWithSameKeys(pair, SrtpProfile.AEAD_AES_128_GCM);
        assertEquals(List.of(DtlsState.CONNECTING, DtlsState.CONNECTED), pair.serverWatcher.states);
    }

    @Test
    void fallsBackToAesCmWhenTheClientOffersOnlyThat() throws Exception {
        DtlsConfig cmOnly = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80));
        DtlsPair pair = DtlsPair.honest(executor, DtlsConfig.DEFAULT, cmOnly);
        pair.start();
        assertConnectedWithSameKeys(pair, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void serverPreferenceWinsOverTheClientOrder() throws Exception {
        DtlsConfig cmFirst = DtlsConfig.DEFAULT.withSrtpProfiles(
                List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM));
        DtlsPair pair = DtlsPair.honest(executor, DtlsConfig.DEFAULT, cmFirst);
        pair.start();
        assertConnectedWithSameKeys(pair, SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void retransmitsLostFlights() throws Exception {
        // Lose the server's first flight and the client's second: BC's resend timers must recover.
        DtlsPair pair = new DtlsPair(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT,
                DtlsPair.CLIENT_CERT.fingerprint(), DtlsPair.SERVER_CERT.fingerprint(),
                n -> n == 0, n -> n == 1);
        pair.start();
        assertConnectedWithSameKeys(pair, SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void serverRefusesAClientCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        DtlsPair pair = new DtlsPair(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT,
                DtlsPair.STRANGER_CERT.fingerprint(), DtlsPair.SERVER_CERT.fingerprint(), n -> false, n -> false);
        pair.start();
        assertTrue(pair.serverWatcher.awaitFinished(WAIT));
        assertEquals(DtlsState.FAILED, pair.server.state());
        assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, pair.server.failure());
        assertNull(pair.server.srtpKeyingMaterial());
        assertTrue(pair.clientWatcher.awaitFinished(WAIT));
        assertEquals(DtlsFailure.ALERT_RECEIVED, pair.client.failure());
        assertFalse(pair.server.receive(new byte[] {22, 1}, 0, 2), "a failed transport drops datagrams");
    }

    @Test
    void clientRefusesAServerCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        DtlsPair pair = new DtlsPair(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT,
                DtlsPair.CLIENT_CERT.fingerprint(), DtlsPair.STRANGER_CERT.fingerprint(), n -> false, n -> false);
        pair.start();
        assertTrue(pair.clientWatcher.awaitFinished(WAIT));
        assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, pair.client.failure());
        assertTrue(pair.serverWatcher.awaitFinished(WAIT));
        assertEquals(DtlsState.FAILED, pair.server.state());
    }

    @Test
    void failsWithoutACommonSrtpProfile() throws Exception {
        DtlsConfig gcmOnly = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM));
        DtlsConfig cmOnly = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80));
        DtlsPair pair = DtlsPair.honest(executor, gcmOnly, cmOnly);
        pair.start();
        assertTrue(pair.serverWatcher.awaitFinished(WAIT));
        assertEquals(DtlsFailure.NO_SRTP_PROFILE, pair.server.failure());
    }

    @Test
    void serverTimesOutWhenNoClientHelloArrives() throws Exception {
        DtlsConfig quick = DtlsConfig.DEFAULT.withHandshakeTimeout(Duration.ofMillis(700));
        DtlsPair pair = DtlsPair.honest(executor, quick, quick);
        long start = System.nanoTime();
        pair.server.start();
        assertTrue(pair.serverWatcher.awaitFinished(WAIT));
        assertEquals(DtlsFailure.TIMEOUT, pair.server.failure());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos(), "gave up too early");
    }

    @Test
    void clientTimesOutWhenTheServerGoesSilent() throws Exception {
        DtlsConfig quick = DtlsConfig.DEFAULT.withHandshakeTimeout(Duration.ofMillis(2500));
        // The server never gets anything: every client datagram is lost.
        DtlsPair pair = new DtlsPair(executor, quick, quick, DtlsPair.CLIENT_CERT.fingerprint(),
                DtlsPair.SERVER_CERT.fingerprint(), n -> false, n -> true);
        pair.client.start();
        assertTrue(pair.clientWatcher.awaitFinished(WAIT));
        assertEquals(DtlsFailure.TIMEOUT, pair.client.failure());
        assertTrue(pair.clientToServerCount.get() >= 2, "the ClientHello was retransmitted");
    }

    @Test
    void closeNotifyClosesThePeer() throws Exception {
        DtlsPair pair = DtlsPair.honest(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT);
        pair.start();
        assertConnectedWithSameKeys(pair, SrtpProfile.AEAD_AES_128_GCM);
        pair.client.close();
        assertEquals(DtlsState.CLOSED, pair.client.state());
        assertTrue(pair.serverWatcher.awaitFinished(WAIT), "server never saw close_notify");
        assertEquals(DtlsState.CLOSED, pair.server.state());
        assertNull(pair.server.failure());
    }

    @Test
    void closingDuringTheHandshakeIsAPlainClose() throws Exception {
        DtlsPair pair = DtlsPair.honest(executor, DtlsConfig.DEFAULT, DtlsConfig.DEFAULT);
        pair.server.start();
        pair.server.close();
        assertTrue(pair.serverWatcher.awaitFinished(WAIT));
        Thread.sleep(300);
        assertEquals(DtlsState.CLOSED, pair.server.state());
        assertNull(pair.server.failure());
        assertThrows(IllegalStateException.class, pair.server::start);
    }

    @Test
    void closingAWaitingHandshakeGivesItsThreadBackAtOnce() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>());
        try {
            DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, DtlsPair.SERVER_CERT,
                    DtlsPair.CLIENT_CERT.fingerprint(), DtlsConfig.DEFAULT, (data, off, len) -> { }, pool,
                    (transport, state) -> { });
            server.start();
            Thread.sleep(200);
            assertEquals(1, pool.getActiveCount(), "the handshake waits for the peer's ClientHello on its thread");
            long closed = System.nanoTime();
            server.close();
            while (pool.getActiveCount() > 0 && System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(5);
            }
            long freedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
            assertEquals(0, pool.getActiveCount());
            // Without the wake-up it stayed in BC's wait until the retransmission timer, about 800 ms here.
            assertTrue(freedMillis < 400, "the thread came back " + freedMillis + " ms after the close");
            DtlsTransport overloaded = new DtlsTransport(DtlsRole.SERVER, DtlsPair.SERVER_CERT,
                    DtlsPair.CLIENT_CERT.fingerprint(), DtlsConfig.DEFAULT, (data, off, len) -> { }, task -> {
                        throw new RejectedExecutionException("no thread left");
                    }, (transport, state) -> { });
            overloaded.start();
            assertEquals(DtlsState.FAILED, overloaded.state());
            assertEquals(DtlsFailure.OVERLOADED, overloaded.failure(), "a handshake without a thread is refused as such");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void certificateFingerprintIsSdpShapedAndMatchesItsDer() {
        DtlsFingerprint fingerprint = DtlsPair.SERVER_CERT.fingerprint();
        assertEquals("sha-256", fingerprint.hashFunction());
        assertTrue(fingerprint.value().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint.value());
        assertTrue(fingerprint.matches(DtlsPair.SERVER_CERT.derEncoded()));
        assertFalse(fingerprint.matches(DtlsPair.CLIENT_CERT.derEncoded()));
        DtlsFingerprint parsed = DtlsFingerprint.parse("SHA-256 " + fingerprint.value().toLowerCase());
        assertEquals(fingerprint, parsed);
        assertEquals("sha-256 " + fingerprint.value(), fingerprint.toSdpValue());
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("md5 AB:CD"));
        assertNotNull(DtlsPair.SERVER_CERT.toString());
        assertArrayEquals(DtlsPair.SERVER_CERT.derEncoded(), DtlsPair.SERVER_CERT.derEncoded());
    }
}
