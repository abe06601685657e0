package io.livestage.sfu.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Bridges BouncyCastle's blocking DTLS engine to datagrams pushed from an event loop: the event
 * loop offers copies into a bounded queue, BC's {@code receive} polls it with BC's own timeout (so
 * its retransmission timers fire), and {@code send} goes straight to the caller's output.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    /** A handshake flight is a handful of datagrams; beyond this the peer is flooding us. */
    static final int CAPACITY = 64;
    private static final int RECEIVE_LIMIT = 1500;
    /** BC calls receive(..., 0) to mean "wait forever"; wake up now and then to notice close(). */
    private static final long CLOSE_CHECK_MILLIS = 200;

    /** Put in the queue by close() to wake the waiting thread; never handed to BC. */
    private static final byte[] CLOSED_MARKER = new byte[0];

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(CAPACITY);
    private final DatagramOutput output;
    private final int sendLimit;
    private volatile boolean closed;

    QueuedDatagramTransport(DatagramOutput output, int mtu) {
        this.output = output;
        this.sendLimit = mtu;
    }

    /** From the event loop: false when the datagram was dropped (closed or queue full). */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len > RECEIVE_LIMIT) {
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return inbound.offer(copy);
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        try {
            byte[] datagram;
            if (waitMillis > 0) {
                datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
            } else {
                datagram = null;
                while (datagram == null && !closed) {
                    datagram = inbound.poll(CLOSE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            if (datagram == null) {
                return -1;
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        output.send(buf, off, len);
    }

    /**
     * Also wakes a handshake thread waiting in {@link #receive}, so a closed transport gives its
     * thread back at once rather than after BC's retransmission timer.
     */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(CLOSED_MARKER);
    }
}
