package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;

/**
 * One producer's track on its way to one subscriber. It has SRTP contexts of its own, keyed
 * from the subscriber's DTLS handshake and used only on the producer's event loop, so the
 * fan-out encrypts for every subscriber without locks or thread hops. (A context is per SSRC
 * and direction; this consumer is the only sender of its SSRC to that subscriber, so no two
 * contexts ever share a keystream.)
 */
public final class Consumer {
    private final Producer producer;
    private final WebRtcTransport publisher;
    private final WebRtcTransport subscriber;
    private SrtpSession srtp;
    private boolean closed;
    private long packetsSent;
    private long bytesSent;
    private long sendFailures;

    public Consumer(Producer producer, WebRtcTransport publisher, WebRtcTransport subscriber) {
        this.producer = producer;
        this.publisher = publisher;
        this.subscriber = subscriber;
    }

    public WebRtcTransport publisher() {
        return publisher;
    }

    public Producer producer() {
        return producer;
    }

    public WebRtcTransport subscriber() {
        return subscriber;
    }

    /** On the producer's loop, once the subscriber's DTLS handshake produced keys. */
    void key(SrtpKeyingMaterial keys, DtlsRole ourRole) {
        if (closed || srtp != null) {
            return;
        }
        srtp = ourRole == DtlsRole.SERVER ? SrtpSession.forDtlsServer(keys) : SrtpSession.forDtlsClient(keys);
    }

    boolean ready() {
        return srtp != null && !closed;
    }

    /**
     * Encrypts a copy of the decrypted packet for this subscriber and queues it on the loop's
     * socket; the caller flushes once per fan-out. On the producer's loop.
     */
    void send(MediaLoop loop, RtpPacket packet) {
        SrtpSession session = srtp;
        InetSocketAddress to = subscriber.remote();
        if (session == null || closed || to == null) {
            return;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            out.copyFrom(packet.buffer(), packet.offset(), packet.length());
            SrtpPacket view = loop.srtp().wrap(out.array(), out.offset(), out.length());
            if (session.protectRtp(view) == SrtpStatus.OK) {
                loop.write(out.array(), out.offset(), view.getLength(), to);
                packetsSent++;
                bytesSent += packet.length();
            } else {
                sendFailures++;
            }
        } finally {
            loop.buffers().release(out);
        }
    }

    long packetsSent() {
        return packetsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    long sendFailures() {
        return sendFailures;
    }

    /** On the producer's loop: stops sending and wipes the keys. */
    void close() {
        closed = true;
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
    }
}
