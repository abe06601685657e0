package io.livestage.sfu.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import io.livestage.sfu.srtp.SrtpKeyingMaterial;

/**
 * One peer's DTLS 1.2 association with use_srtp. BouncyCastle's handshake blocks, so it runs on
 * the given executor (never an event loop), fed by {@link #receive} through a bounded queue; BC
 * sends through the {@link DatagramOutput}. After the handshake, further records (alerts,
 * close_notify, retransmitted final flights) are processed by short tasks on the same executor.
 *
 * <p>{@link #receive} and {@link #close} may be called from any thread; state is published
 * through volatile fields and reported to the {@link DtlsStateListener}.
 */
public final class DtlsTransport {

    private final DtlsRole role;
    private final DtlsConfig config;
    private final Executor executor;
    private final DtlsStateListener listener;
    private final QueuedDatagramTransport datagrams;
    private final SrtpDtlsServer server;
    private final SrtpDtlsClient client;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean startCalled = new AtomicBoolean();
    /** BC's record layer is not thread-safe: one record-processing task at a time. */
    private final Object recordLock = new Object();

    private volatile DtlsState state = DtlsState.NEW;
    private volatile DtlsFailure failure;
    private volatile DtlsFailure peerCheckFailure;
    private volatile boolean fatalAlertReceived;
    private volatile boolean closeRequested;
    private volatile DTLSTransport dtls;
    private volatile SrtpKeyingMaterial keyingMaterial;
    private volatile long startNanos;
    private volatile long handshakeNanos = -1;

    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
            DtlsConfig config, DatagramOutput output, Executor handshakeExecutor, DtlsStateListener listener) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.datagrams = new QueuedDatagramTransport(Objects.requireNonNull(output, "output"), config.mtu());
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        DtlsPeerSupport support = new DtlsPeerSupport(crypto, Objects.requireNonNull(certificate, "certificate"),
                Objects.requireNonNull(remoteFingerprint, "remoteFingerprint"), config.srtpProfiles(), this);
        int timeoutMillis = (int) config.handshakeTimeout().toMillis();
        this.server = role == DtlsRole.SERVER ? new SrtpDtlsServer(crypto, support, timeoutMillis) : null;
        this.client = role == DtlsRole.CLIENT ? new SrtpDtlsClient(crypto, support, timeoutMillis) : null;
    }

    /**
     * Starts the handshake on the executor. Datagrams received before this are kept for it. An
     * executor that refuses the task (all of its threads are in handshakes) fails the transport with
     * {@link DtlsFailure#OVERLOADED}; a transport closed before it started stays closed. Once only.
     */
    public void start() {
        if (!startCalled.compareAndSet(false, true)) {
            throw new IllegalStateException("DTLS transport already started: " + state);
        }
        startNanos = System.nanoTime();
        if (!transition(DtlsState.NEW, DtlsState.CONNECTING)) {
            // Closed before it began (the owner closed it from another thread meanwhile).
            return;
        }
        try {
            executor.execute(this::handshake);
        } catch (RejectedExecutionException e) {
            fail(DtlsFailure.OVERLOADED);
            datagrams.close();
        }
    }

    /**
     * A DTLS datagram from the peer (first byte 20..63). The bytes are copied. Returns false when
     * it was dropped: transport finished, or the queue is full because the peer floods us.
     */
    public boolean receive(byte[] buf, int off, int len) {
        DtlsState current = state;
        if (current == DtlsState.FAILED || current == DtlsState.CLOSED || !datagrams.offer(buf, off, len)) {
            return false;
        }
        if (current == DtlsState.CONNECTED) {
            scheduleRecordProcessing();
        }
        return true;
    }

    /** Sends close_notify if connected, then stops; a handshake in progress is abandoned. */
    public void close() {
        closeRequested = true;
        DTLSTransport connected = dtls;
        if (!transitionToFinal(DtlsState.CLOSED, null)) {
            return;
        }
        if (connected == null) {
            datagrams.close();
            return;
        }
        try {
            executor.execute(() -> closeQuietly(connected));
        } catch (RejectedExecutionException e) {
            datagrams.close();
        }
    }

    public DtlsRole role() {
        return role;
    }

    public DtlsState state() {
        return state;
    }

    /** Why the transport FAILED; null otherwise. */
    public DtlsFailure failure() {
        return failure;
    }

    /** Negotiated profile and keys once CONNECTED; null before. */
    public SrtpKeyingMaterial srtpKeyingMaterial() {
        return keyingMaterial;
    }

    /** Time from {@link #start()} to CONNECTED in nanoseconds, or -1 if not connected. */
    public long handshakeNanos() {
        return handshakeNanos;
    }

    private void handshake() {
        DTLSTransport connected;
        try {
            if (role == DtlsRole.SERVER) {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE has already proven the peer's address, so skip the HelloVerifyRequest round trip.
                protocol.setVerifyRequests(false);
                connected = protocol.accept(server, datagrams);
                keyingMaterial = server.keyingMaterial();
            } else {
                connected = new DTLSClientProtocol().connect(client, datagrams);
                keyingMaterial = client.keyingMaterial();
            }
        } catch (IOException | RuntimeException e) {
            handshakeFailed(e);
            return;
        }
        dtls = connected;
        handshakeNanos = System.nanoTime() - startNanos;
        if (!transition(DtlsState.CONNECTING, DtlsState.CONNECTED)) {
            // close() won the race while the last flight was in flight.
            closeQuietly(connected);
            return;
        }
        if (datagrams.hasPending()) {
            scheduleRecordProcessing();
        }
    }

    private void handshakeFailed(Exception e) {
        if (peerCheckFailure != null) {
            fail(peerCheckFailure);
        } else if (fatalAlertReceived) {
            fail(DtlsFailure.ALERT_RECEIVED);
        } else if (e instanceof TlsTimeoutException) {
            fail(DtlsFailure.TIMEOUT);
        } else if (!closeRequested) {
            fail(DtlsFailure.PROTOCOL_ERROR);
        }
        datagrams.close();
    }

    private void scheduleRecordProcessing() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::processRecords);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
            }
        }
    }

    /** Post-handshake records: BC answers retransmitted flights and reports alerts via the peer. */
    private void processRecords() {
        drainScheduled.set(false);
        DTLSTransport connected = dtls;
        synchronized (recordLock) {
            try {
                byte[] buf = new byte[connected.getReceiveLimit()];
                // A 1 ms wait makes BC return once the queue is drained instead of blocking.
                while (state == DtlsState.CONNECTED && datagrams.hasPending()) {
                    connected.receive(buf, 0, buf.length, 1);
                }
            } catch (IOException | RuntimeException e) {
                if (state == DtlsState.CONNECTED) {
                    fail(fatalAlertReceived ? DtlsFailure.ALERT_RECEIVED : DtlsFailure.PROTOCOL_ERROR);
                }
                datagrams.close();
            }
        }
    }

    private void closeQuietly(DTLSTransport connected) {
        synchronized (recordLock) {
            try {
                connected.close();
            } catch (IOException | RuntimeException ignored) {
                // Best effort close_notify; the association is gone either way.
            }
            datagrams.close();
        }
    }

    /** From the BC peer, before it raises the alert that aborts the handshake. */
    void recordFailure(DtlsFailure reason) {
        if (peerCheckFailure == null) {
            peerCheckFailure = reason;
        }
    }

    /** From the BC peer on the executor thread. */
    void alertReceived(short level, short description) {
        if (level == AlertLevel.fatal) {
            fatalAlertReceived = true;
        } else if (description == AlertDescription.close_notify && state == DtlsState.CONNECTED) {
            transitionToFinal(DtlsState.CLOSED, null);
        }
    }

    private void fail(DtlsFailure reason) {
        transitionToFinal(DtlsState.FAILED, reason);
    }

    private boolean transition(DtlsState from, DtlsState to) {
        synchronized (this) {
            if (state != from) {
                return false;
            }
            state = to;
        }
        listener.stateChanged(this, to);
        return true;
    }

    private boolean transitionToFinal(DtlsState to, DtlsFailure reason) {
        synchronized (this) {
            if (state == DtlsState.FAILED || state == DtlsState.CLOSED) {
                return false;
            }
            failure = reason;
            state = to;
        }
        listener.stateChanged(this, to);
        return true;
    }
}
