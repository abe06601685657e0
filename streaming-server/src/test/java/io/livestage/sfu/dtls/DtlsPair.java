package io.livestage.sfu.dtls;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/** A DTLS server and client joined by an in-memory datagram pipe that can lose packets. */
final class DtlsPair {

    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate(new SecureRandom());
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate(new SecureRandom());
    static final DtlsCertificate STRANGER_CERT = DtlsCertificate.generate(new SecureRandom());

    /** Records one side's state changes and lets a test wait for a final or connected state. */
    static final class Watcher implements DtlsStateListener {
        final List<DtlsState> states = new CopyOnWriteArrayList<>();
        final CountDownLatch settled = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);

        @Override
        public void stateChanged(DtlsTransport transport, DtlsState state) {
            states.add(state);
            if (state != DtlsState.CONNECTING) {
                settled.countDown();
            }
            if (state == DtlsState.FAILED || state == DtlsState.CLOSED) {
                finished.countDown();
            }
        }

        boolean awaitSettled(Duration timeout) throws InterruptedException {
            return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean awaitFinished(Duration timeout) throws InterruptedException {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    final DtlsTransport server;
    final DtlsTransport client;
    final Watcher serverWatcher = new Watcher();
    final Watcher clientWatcher = new Watcher();
    final AtomicInteger serverToClientCount = new AtomicInteger();
    final AtomicInteger clientToServerCount = new AtomicInteger();

    /**
     * @param serverDrops which server-to-client datagrams (0-based) the pipe loses
     * @param clientDrops which client-to-server datagrams the pipe loses
     */
    DtlsPair(ExecutorService executor, DtlsConfig serverConfig, DtlsConfig clientConfig,
            DtlsFingerprint serverExpects, DtlsFingerprint clientExpects,
            IntPredicate serverDrops, IntPredicate clientDrops) {
        AtomicReference<DtlsTransport> serverRef = new AtomicReference<>();
        AtomicReference<DtlsTransport> clientRef = new AtomicReference<>();
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, serverExpects, serverConfig,
                (data, off, len) -> {
                    if (!serverDrops.test(serverToClientCount.getAndIncrement())) {
                        clientRef.get().receive(data, off, len);
                    }
                }, executor, serverWatcher);
        client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, clientExpects, clientConfig,
                (data, off, len) -> {
                    if (!clientDrops.test(clientToServerCount.getAndIncrement())) {
                        serverRef.get().receive(data, off, len);
                    }
                }, executor, clientWatcher);
        serverRef.set(server);
        clientRef.set(client);
    }

    static DtlsPair honest(ExecutorService executor, DtlsConfig serverConfig, DtlsConfig clientConfig) {
        return new DtlsPair(executor, serverConfig, clientConfig, CLIENT_CERT.fingerprint(),
                SERVER_CERT.fingerprint(), n -> false, n -> false);
    }

    void start() {
        server.start();
        client.start();
    }
}
