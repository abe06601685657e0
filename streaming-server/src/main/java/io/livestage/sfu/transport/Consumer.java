package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtcp.ReceivedSenderReport;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RetransmissionBudget;
import io.livestage.sfu.rtp.RetransmissionGuard;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;

/**
 * One producer's track on its way to one subscriber. It has SRTP contexts of its own, keyed
 * from the subscriber's DTLS handshake and used only on the producer's event loop, so the
 * fan-out encrypts for every subscriber without locks or thread hops. It is the only sender of
 * its SSRC to that subscriber (media, retransmissions and sender reports alike), so no two
 * contexts ever share a keystream.
 */
public final class Consumer {
    private final Producer producer;
    private final WebRtcTransport publisher;
    private final SendTarget subscriber;
    private final SubscriberSendStage sendStage;
    private final RetransmissionGuard resent = new RetransmissionGuard();
    private final RetransmissionBudget resendBudget = new RetransmissionBudget();
    private boolean closed;
    private long packetsSent;
    private long payloadBytesSent;

    /**
     * @param section  the subscriber's m-section for this track, as offered
     * @param answered the subscriber's answer for that section
     */
    public Consumer(Producer producer, WebRtcTransport publisher, SendTarget subscriber, SubscriberSection section,
                    AnsweredSection answered) {
        this.producer = producer;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.sendStage = new SubscriberSendStage(new RtpRewriter(section, answered), subscriber,
                RtxStream.of(section, answered));
    }

    public Producer producer() {
        return producer;
    }

    public WebRtcTransport publisher() {
        return publisher;
    }

    /** On the producer's loop, once the subscriber's DTLS handshake produced keys. */
    public void key(SrtpKeyingMaterial keys, DtlsRole ourRole) {
        if (closed || sendStage.keyed()) {
            return;
        }
        sendStage.key(ourRole == DtlsRole.SERVER ? SrtpSession.forDtlsServer(keys) : SrtpSession.forDtlsClient(keys));
    }

    /**
     * Sends the decrypted packet on to the subscriber; the caller flushes once per fan-out. On the
     * producer's loop.
     *
     * @param keyframeStart whether the packet begins a keyframe (the subscriber's first one is timed)
     */
    boolean send(MediaLoop loop, RtpPacket packet, boolean keyframeStart, long nowNanos) {
        if (closed || !sendStage.send(loop, packet.buffer(), packet.offset(), packet.length(), packet, nowNanos)) {
            return false;
        }
        packetsSent++;
        payloadBytesSent += packet.payloadLength();
        if (keyframeStart) {
            subscriber.keyframeSent(nowNanos);
        }
        return true;
    }

    /**
     * Sends a cached packet again, unless it was just resent to this subscriber or the subscriber
     * has used up its retransmission budget. On the producer's loop.
     */
    boolean resend(MediaLoop loop, PacketBuffer cached, int sequenceNumber, long nowNanos) {
        RtpPacket header = loop.cachedRtp();
        return !closed && resent.shouldResend(sequenceNumber, nowNanos)
                && resendBudget.take(cached.length(), nowNanos)
                && header.wrap(cached.array(), cached.offset(), cached.length())
                && sendStage.send(loop, cached.array(), cached.offset(), cached.length(), header, nowNanos);
    }

    /**
     * Sends a cached packet again on the subscriber's RTX stream, as part of a bandwidth probe.
     *
     * @return the transport-wide number it went out with, or -1 when it did not go
     */
    int sendProbe(MediaLoop loop, PacketBuffer cached, long nowNanos) {
        RtpPacket header = loop.cachedRtp();
        boolean sent = !closed && header.wrap(cached.array(), cached.offset(), cached.length())
                && sendStage.sendRtx(loop, header, nowNanos);
        return sent ? sendStage.lastTransportSequence() : -1;
    }

    /** The subscriber's transport as this consumer sends to it. */
    SendTarget target() {
        return subscriber;
    }

    /**
     * A sender report for the subscriber, mapping our clock to the publisher's RTP timeline as
     * the publisher's own last report did, so the viewer can keep audio and video in sync.
     * Nothing before the publisher has reported or anything was sent. On the producer's loop.
     */
    void sendSenderReport(MediaLoop loop, long nowNanos) {
        SrtpSession session = sendStage.session();
        InetSocketAddress to = subscriber.remote();
        ReceivedSenderReport publisherReport = producer.senderReport();
        if (session == null || closed || to == null || packetsSent == 0 || !publisherReport.received()) {
            return;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            RtcpCompoundWriter writer = loop.rtcpWriter();
            writer.begin(out.array(), 0);
            long ntp = loop.ntp().ntpAt(nowNanos);
            writer.senderReport(producer.ssrc(), ntp, publisherReport.rtpTimestampAt(ntp, producer.clockRate()),
                    packetsSent, payloadBytesSent, 0);
            writer.sdesCname(producer.ssrc(), producer.cname());
            int length = writer.finish();
            if (length < 0) {
                return;
            }
            SrtpPacket view = loop.srtp().wrap(out.array(), 0, length);
            if (session.protectRtcp(view) == SrtpStatus.OK) {
                loop.send(out.array(), 0, view.getLength(), to);
            }
        } finally {
            loop.buffers().release(out);
        }
    }

    /** On the producer's loop: stops sending and wipes the keys. */
    void close() {
        closed = true;
        sendStage.close();
    }
}
