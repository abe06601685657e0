package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.dtls.DtlsState;
import io.livestage.sfu.dtls.DtlsTransport;
import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server half of a publisher connection, assembled from the SFU's own pieces on a real UDP
 * socket on 127.0.0.1: IceLiteResponder, DtlsTransport as SERVER, SrtpSession for the DTLS
 * server. It answers the client's offer with PublisherAnswerBuilder and counts what it decrypts.
 * A test stand-in for the real server, with a plain receive thread.
 */
final class LoopbackSfu implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatagramSocket socket;
    private final IceCredentials localIce = IceCredentials.random(RANDOM);
    private final DtlsCertificate certificate = DtlsCertificate.generate(RANDOM);
    private final ExecutorService handshakes = Executors.newCachedThreadPool();
    private final IceLiteResponder responder;
    private final DtlsTransport dtls;
    private final Thread receiver;
    private final Object srtpLock = new Object();
    private final SrtpPacket srtpPacket = new SrtpPacket();
    private final RtpPacket rtp = new RtpPacket();
    final Map<Long, RtpReceiveStats> streams = new ConcurrentHashMap<>();
    final AtomicInteger keyframes = new AtomicInteger();
    final AtomicInteger decryptFailures = new AtomicInteger();
    final AtomicInteger rtcpPackets = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();
    private volatile InetSocketAddress peer;
    private volatile SrtpSession srtp;
    private volatile DtlsState dtlsState = DtlsState.NEW;

    LoopbackSfu(IceCredentials clientIce, DtlsFingerprint clientFingerprint) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        responder = new IceLiteResponder(localIce, clientIce);
        dtls = new DtlsTransport(DtlsRole.SERVER, certificate, clientFingerprint, DtlsConfig.DEFAULT,
                (data, off, len) -> send(data, off, len), handshakes, (transport, state) -> {
                    if (state == DtlsState.CONNECTED) {
                        srtp = SrtpSession.forDtlsServer(transport.srtpKeyingMaterial());
                    }
                    // After the keys, so that a test seeing CONNECTED can send.
                    dtlsState = state;
                });
        dtls.start();
        receiver = new Thread(this::receiveLoop, "loopback-sfu");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Our answer to the client's offer, written by the SFU's answer builder. */
    String answer(String offerSdp) throws SdpException {
        LocalTransportDescription local = new LocalTransportDescription(localIce, certificate.fingerprint().value(),
                List.of(new HostCandidate("127.0.0.1", port())));
        return PublisherAnswerBuilder.answer(SdpOffer.parse(offerSdp), local).sdp();
    }

    int port() {
        return socket.getLocalPort();
    }

    DtlsState dtlsState() {
        return dtlsState;
    }

    long packets(long ssrc) {
        RtpReceiveStats stats = streams.get(ssrc);
        return stats == null ? 0 : stats.packets();
    }

    int lost(long ssrc) {
        RtpReceiveStats stats = streams.get(ssrc);
        return stats == null ? 0 : stats.cumulativeLost();
    }

    /** Protects and sends a plain RTP or RTCP packet to the nominated client address. */
    boolean sendToClient(byte[] plain, int len, boolean rtcp) {
        byte[] buf = new byte[len + 64];
        System.arraycopy(plain, 0, buf, 0, len);
        synchronized (srtpLock) {
            SrtpSession session = srtp;
            if (session == null) {
                return false;
            }
            srtpPacket.wrap(buf, 0, len);
            SrtpStatus status = rtcp ? session.protectRtcp(srtpPacket) : session.protectRtp(srtpPacket);
            if (status != SrtpStatus.OK) {
                return false;
            }
            send(buf, 0, srtpPacket.getLength());
            return true;
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[1500];
        DatagramPacket datagram = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                datagram.setLength(buf.length);
                socket.receive(datagram);
            } catch (IOException e) {
                return;
            }
            InetSocketAddress source = (InetSocketAddress) datagram.getSocketAddress();
            int len = datagram.getLength();
            int first = buf[0] & 0xFF;
            if (first <= 3) {
                stun(buf, len, source);
            } else if (!source.equals(peer)) {
                // DTLS or media from an address that never passed ICE.
                continue;
            } else if (first >= 20 && first <= 63) {
                dtls.receive(buf, 0, len);
            } else if (first >= 128 && first <= 191) {
                media(buf, len);
            }
        }
    }

    private void stun(byte[] buf, int len, InetSocketAddress source) {
        if (responder.respond(buf, 0, len, source) instanceof BindingOutcome.Accepted accepted) {
            checks.incrementAndGet();
            if (accepted.useCandidate()) {
                peer = source;
            }
            send(accepted.response(), 0, accepted.response().length, source);
        }
    }

    private void media(byte[] buf, int len) {
        synchronized (srtpLock) {
            SrtpSession session = srtp;
            if (session == null) {
                return;
            }
            int secondByte = buf[1] & 0xFF;
            boolean isRtcp = secondByte >= 192 && secondByte <= 223;
            srtpPacket.wrap(buf, 0, len);
            SrtpStatus status = isRtcp ? session.unprotectRtcp(srtpPacket) : session.unprotectRtp(srtpPacket);
            if (status != SrtpStatus.OK) {
                decryptFailures.incrementAndGet();
                return;
            }
            if (isRtcp) {
                rtcpPackets.incrementAndGet();
                return;
            }
            if (!rtp.wrap(buf, 0, srtpPacket.getLength())) {
                return;
            }
            streams.computeIfAbsent(rtp.ssrc(), ssrc -> new RtpReceiveStats())
                    .onPacket(rtp, System.nanoTime() / 11_111);
            if (rtp.payloadType() == OfferBuilder.VP8_PT
                    && Vp8Payload.isKeyframe(buf, rtp.payloadOffset(), rtp.payloadLength())) {
                keyframes.incrementAndGet();
            }
        }
    }

    private void send(byte[] data, int off, int len) {
        InetSocketAddress to = peer;
        if (to != null) {
            send(data, off, len, to);
        }
    }

    private void send(byte[] data, int off, int len, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, off, len, to));
        } catch (IOException e) {
            // The client went away; the test notices through its own assertions.
        }
    }

    @Override
    public void close() {
        dtls.close();
        socket.close();
        handshakes.shutdownNow();
    }
}
