package io.livestage.loadtest.webrtc;

import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.dtls.DtlsState;
import io.livestage.sfu.dtls.DtlsTransport;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebRTC endpoint toward an ICE-lite SFU on one UDP socket (BUNDLE, rtcp-mux): ICE controlling
 * with aggressive nomination, then DTLS (client when the server answers passive), then SRTP.
 * Incoming datagrams are told apart by their first byte (RFC 7983). An ICE restart
 * ({@link #restartIce}) checks with new credentials, optionally from a new socket, while media
 * goes on over the old one, and moves there once a check succeeds, as a browser does. The server's
 * own checks (it asks an address for consent before sending media there) are answered on the
 * socket they reach, with the credentials they name.
 *
 * <p>Everything mutable lives on the peer's event loop ({@link #eventLoop()}): {@link #sendRtp}
 * and {@link #sendRtcp} must be called there, and the {@link MediaReceiver} is called there. Counters
 * are single-writer volatiles, readable anywhere.
 */
public final class WebRtcPeer {

    static final long CHECK_INTERVAL_MILLIS = 50;
    static final long CONSENT_INTERVAL_MILLIS = 5_000;
    static final long CONSENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** close_notify is written by the DTLS executor after close(); give it this long before the socket goes. */
    static final long CLOSE_GRACE_MILLIS = 100;
    /**
     * After an ICE restart to a new socket the old one still reads this long: the server moves media
     * once the new socket has answered its consent check, a round trip after our check succeeded,
     * and what it sent meanwhile is still on its way to the old socket (a browser likewise keeps its
     * previous candidates until the new pair carries media).
     */
    static final long OLD_SOCKET_LINGER_MILLIS = 500;

    private final WebRtcPeerGroup group;
    private final MediaReceiver receiver;
    private volatile IceCredentials localIce;
    private volatile IceCredentials renewedIce;
    private final CompletableFuture<WebRtcPeer> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final byte[] receiveBuffer = new byte[SrtpOutput.DATAGRAM_CAPACITY];
    private final SrtpPacket srtpIn = new SrtpPacket();
    private final RtpPacket rtp = new RtpPacket();
    private final InboundStreams inbound = new InboundStreams();
    private volatile Channel channel;
    private EventLoop loop;
    private volatile InetSocketAddress remote;
    private volatile PeerState state = PeerState.NEW;
    private ControllingIce ice;
    private DtlsTransport dtls;
    private DtlsRole dtlsRole;
    private SrtpSession srtp;
    private SrtpOutput output;
    private ScheduledFuture<?> checks;
    private ScheduledFuture<?> iceDeadline;
    /** While an ICE restart runs: its checks, the socket they leave from, and who waits for it. */
    private ControllingIce restartIce;
    private Channel restartChannel;
    private CompletableFuture<WebRtcPeer> restarted;
    private ScheduledFuture<?> restartChecks;
    private ScheduledFuture<?> restartDeadline;
    private volatile int iceRestarts;
    private long connectStartNanos;
    private long lastConsentNanos;
    private volatile long rtpSent;
    private volatile long rtcpSent;
    private volatile long sendRefused;
    private volatile long rtpReceived;
    private volatile long rtcpReceived;
    private volatile long decryptFailed;
    private volatile long ignored;
    private volatile long iceNanos = -1;

    WebRtcPeer(WebRtcPeerGroup group, MediaReceiver receiver) {
        this.group = group;
        this.receiver = receiver;
        this.localIce = IceCredentials.random(group.random());
    }

    ChannelHandler handler() {
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                received(ctx.channel(), packet.content(), packet.sender());
            }
        };
    }

    void attach(Channel channel) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        watchClose(channel);
    }

    /** The peer is closed when its socket in use closes, not one an ICE restart left behind. */
    private void watchClose(Channel watched) {
        watched.closeFuture().addListener(done -> {
            if (watched == channel) {
                closed.complete(null);
            }
        });
    }

    /** Our newest ICE credentials, the ones SDP should carry: an ICE restart's from its start. */
    public IceCredentials localIce() {
        return localIce;
    }

    /**
     * New ICE credentials for the offer or answer of an ICE restart; {@link #restartIce} then
     * checks with them. Any thread.
     */
    public IceCredentials renewLocalIce() {
        IceCredentials renewed = IceCredentials.random(group.random());
        renewedIce = renewed;
        return renewed;
    }

    /** ICE restarts that succeeded. */
    public int iceRestarts() {
        return iceRestarts;
    }

    /**
     * ICE restart (RFC 8445 section 9) with the credentials of {@link #renewLocalIce} and the
     * server's new ones from its offer or answer: aggressive checks to {@code server}, from a new
     * UDP socket on the same local address when {@code newSocket} (a network change). Media, DTLS
     * and consent carry on over the old socket until a check succeeds; then everything moves to the
     * new one and the old one closes. DTLS and SRTP keep their state. Fails with
     * {@link WebRtcFailure#ICE_TIMEOUT} when no check succeeds in time (the peer stays as it was).
     */
    public CompletableFuture<WebRtcPeer> restartIce(IceCredentials serverIce, InetSocketAddress server,
            boolean newSocket) {
        Objects.requireNonNull(serverIce, "serverIce");
        Objects.requireNonNull(server, "server");
        CompletableFuture<WebRtcPeer> done = new CompletableFuture<>();
        if (!newSocket) {
            loop.execute(() -> beginRestart(serverIce, server, null, done));
            return done;
        }
        group.bindAnother(this, loop, new InetSocketAddress(localAddress().getAddress(), 0)).addListener(
                (io.netty.channel.ChannelFuture bound) -> {
                    if (bound.isSuccess()) {
                        watchClose(bound.channel());
                        beginRestart(serverIce, server, bound.channel(), done);
                    } else {
                        done.completeExceptionally(new WebRtcException(WebRtcFailure.BIND_FAILED,
                                "cannot bind a socket for the ICE restart: " + bound.cause()));
                    }
                });
        return done;
    }

    private void beginRestart(IceCredentials serverIce, InetSocketAddress server, Channel fresh,
            CompletableFuture<WebRtcPeer> done) {
        IceCredentials renewed = renewedIce;
        if (state != PeerState.CONNECTED || renewed == null || !server.equals(remote)) {
            if (fresh != null) {
                fresh.close();
            }
            done.completeExceptionally(new IllegalStateException("an ICE restart needs a connected peer, renewed"
                    + " credentials and the same server; state " + state));
            return;
        }
        endRestart(new WebRtcException(WebRtcFailure.CLOSED, "replaced by a later ICE restart"));
        renewedIce = null;
        restartIce = new ControllingIce(renewed, serverIce, group.random());
        restartChannel = fresh;
        restarted = done;
        Channel via = fresh != null ? fresh : channel;
        restartChecks = loop.scheduleAtFixedRate(() -> send(via, restartIce.request(true)), 0, CHECK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        long timeout = group.iceTimeout().toMillis();
        restartDeadline = loop.schedule(() -> endRestart(new WebRtcException(WebRtcFailure.ICE_TIMEOUT,
                "no valid Binding response to the ICE restart's checks within " + timeout + " ms")), timeout,
                TimeUnit.MILLISECONDS);
        localIce = renewed;
    }

    /** A check with the new credentials succeeded: they, and the new socket, are used from now on. */
    private void restartConnected() {
        restartChecks.cancel(false);
        restartDeadline.cancel(false);
        ice = restartIce;
        restartIce = null;
        Channel fresh = restartChannel;
        restartChannel = null;
        if (fresh != null) {
            Channel old = channel;
            channel = fresh;
            output = new SrtpOutput(fresh, srtp);
            loop.schedule(() -> old.close(), OLD_SOCKET_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
        iceRestarts++;
        CompletableFuture<WebRtcPeer> done = restarted;
        restarted = null;
        done.complete(this);
    }

    /** Abandons a running restart, if any: its socket closes and its waiter fails with {@code cause}. */
    private void endRestart(WebRtcException cause) {
        if (restarted == null) {
            return;
        }
        restartChecks.cancel(false);
        restartDeadline.cancel(false);
        restartIce = null;
        if (restartChannel != null) {
            restartChannel.close();
            restartChannel = null;
        }
        CompletableFuture<WebRtcPeer> waiting = restarted;
        restarted = null;
        waiting.completeExceptionally(cause);
    }

    /** What our offer's a=fingerprint must say. */
    public DtlsFingerprint fingerprint() {
        return group.certificate().fingerprint();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The thread that owns this peer: pace media from it. */
    public EventLoop eventLoop() {
        return loop;
    }

    public PeerState state() {
        return state;
    }

    /**
     * Connects to {@code server} (normally {@link ServerAnswer#firstIpv4HostCandidate()}) with the
     * answer's credentials. Completes once SRTP keys are in place; fails with a {@link WebRtcException}
     * saying why (ICE timeout, DTLS failure, close).
     */
    public CompletableFuture<WebRtcPeer> connect(ServerAnswer answer, InetSocketAddress server) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(server, "server");
        loop.execute(() -> startChecks(answer, server));
        return connected;
    }

    private void startChecks(ServerAnswer answer, InetSocketAddress server) {
        if (state != PeerState.NEW) {
            connected.completeExceptionally(new IllegalStateException("connect() once, on a new peer; state " + state));
            return;
        }
        state = PeerState.CHECKING;
        remote = server;
        connectStartNanos = System.nanoTime();
        ice = new ControllingIce(localIce, answer.ice(), group.random());
        // An answer saying active makes the server the DTLS client; ICE-lite servers say passive.
        dtlsRole = "active".equals(answer.setup()) ? DtlsRole.SERVER : DtlsRole.CLIENT;
        dtls = new DtlsTransport(dtlsRole, group.certificate(), answer.fingerprint(), group.dtlsConfig(),
                this::sendDatagram, group.handshakes(), (transport, dtlsState) -> loop.execute(() -> dtlsChanged(dtlsState)));
        checks = loop.scheduleAtFixedRate(() -> sendDatagram(ice.request(true)), 0, CHECK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        long timeout = group.iceTimeout().toMillis();
        iceDeadline = loop.schedule(() -> fail(new WebRtcException(WebRtcFailure.ICE_TIMEOUT,
                "no valid Binding response from " + server + " within " + timeout + " ms")), timeout, TimeUnit.MILLISECONDS);
    }

    private void iceConnected(long now) {
        iceNanos = now - connectStartNanos;
        lastConsentNanos = now;
        checks.cancel(false);
        iceDeadline.cancel(false);
        state = PeerState.HANDSHAKING;
        // RFC 7675: keep consent fresh; the server closes transports silent for 30 s.
        checks = loop.scheduleAtFixedRate(this::consentCheck, CONSENT_INTERVAL_MILLIS, CONSENT_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        dtls.start();
    }

    private void consentCheck() {
        if (System.nanoTime() - lastConsentNanos > CONSENT_TIMEOUT_NANOS) {
            fail(new WebRtcException(WebRtcFailure.CONSENT_LOST, remote + " answered no consent check for 30 s"));
        } else {
            sendDatagram(ice.request(false));
        }
    }

    private void dtlsChanged(DtlsState dtlsState) {
        if (dtlsState == DtlsState.CONNECTED && state == PeerState.HANDSHAKING) {
            srtp = dtlsRole == DtlsRole.CLIENT ? SrtpSession.forDtlsClient(dtls.srtpKeyingMaterial())
                    : SrtpSession.forDtlsServer(dtls.srtpKeyingMaterial());
            output = new SrtpOutput(channel, srtp);
            state = PeerState.CONNECTED;
            connected.complete(this);
        } else if (dtlsState == DtlsState.FAILED) {
            finish(PeerState.FAILED, new WebRtcException(WebRtcFailure.DTLS_FAILED, dtls.failure(),
                    "DTLS with " + remote + " failed"));
        } else if (dtlsState == DtlsState.CLOSED) {
            // Our own close() is already final; otherwise the server sent close_notify.
            finish(PeerState.CLOSED, new WebRtcException(WebRtcFailure.CLOSED, "the server closed DTLS"));
        }
    }

    /**
     * Encrypts and sends one RTP packet; call on {@link #eventLoop()}. Encrypts in place when the
     * caller's buffer has room for the SRTP tag after the packet, else in the peer's own buffer.
     *
     * @return false when it was not sent (not connected, socket backlog full, protection failed)
     */
    public boolean sendRtp(byte[] buf, int off, int len) {
        if (!protectAndSend(buf, off, len, false)) {
            sendRefused++;
            return false;
        }
        rtpSent++;
        return true;
    }

    /** As {@link #sendRtp} for an RTCP compound packet (SRTCP adds an index and a tag). */
    public boolean sendRtcp(byte[] buf, int off, int len) {
        if (!protectAndSend(buf, off, len, true)) {
            sendRefused++;
            return false;
        }
        rtcpSent++;
        return true;
    }

    private boolean protectAndSend(byte[] buf, int off, int len, boolean rtcp) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("send on the peer's event loop (eventLoop())");
        }
        return output != null && output.send(buf, off, len, rtcp, remote);
    }

    /** ICE and DTLS output; DTLS calls it from its executor, and the bytes are copied before returning. */
    private void sendDatagram(byte[] data, int off, int len) {
        InetSocketAddress to = remote;
        if (to != null && channel.isActive()) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(data, off, len), to), channel.voidPromise());
        }
    }

    private void sendDatagram(byte[] data) {
        sendDatagram(data, 0, data.length);
    }

    private void send(Channel via, byte[] data) {
        InetSocketAddress to = remote;
        if (to != null && via.isActive()) {
            via.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), to), via.voidPromise());
        }
    }

    private void received(Channel via, ByteBuf content, InetSocketAddress sender) {
        int len = content.readableBytes();
        if (len == 0 || len > SrtpOutput.DATAGRAM_CAPACITY || isFinal() || !sender.equals(remote)) {
            ignored++;
            return;
        }
        content.getBytes(content.readerIndex(), receiveBuffer, 0, len);
        int first = receiveBuffer[0] & 0xFF;
        boolean taken;
        if (first <= 3) {
            taken = receivedStun(via, len, sender);
        } else if (first >= 20 && first <= 63) {
            taken = dtls != null && dtls.receive(receiveBuffer, 0, len);
        } else if (first >= 128 && first <= 191 && srtp != null) {
            receivedMedia(len);
            taken = true;
        } else {
            taken = false;
        }
        if (!taken) {
            ignored++;
        }
    }

    /**
     * A Binding request from the server (its consent check), answered on the socket it reached; or
     * a Binding response: the first one ends the checks (or an ICE restart's); each one renews consent.
     */
    private boolean receivedStun(Channel via, int len, InetSocketAddress sender) {
        byte[] answer = answerCheck(len, sender);
        if (answer != null) {
            send(via, answer);
            return true;
        }
        if (restartIce != null && restartIce.accept(receiveBuffer, 0, len)) {
            lastConsentNanos = System.nanoTime();
            restartConnected();
            return true;
        }
        if (ice == null || !ice.accept(receiveBuffer, 0, len)) {
            return false;
        }
        long now = System.nanoTime();
        if (state == PeerState.CHECKING) {
            iceConnected(now);
        }
        lastConsentNanos = now;
        return true;
    }

    /** Our answer to a server's check naming our current or our restart's credentials; null for anything else. */
    private byte[] answerCheck(int len, InetSocketAddress sender) {
        if (ice == null || (receiveBuffer[0] & 0xFF) != 0 || (receiveBuffer[1] & 0xFF) != 1) {
            return null;
        }
        byte[] answer = ice.answer(receiveBuffer, 0, len, sender);
        if (answer == null && restartIce != null) {
            answer = restartIce.answer(receiveBuffer, 0, len, sender);
        }
        return answer;
    }

    private void receivedMedia(int len) {
        int secondByte = receiveBuffer[1] & 0xFF;
        // RFC 5761 4: with rtcp-mux, RTCP packet types 192..223 sit where RTP has marker + payload type.
        boolean isRtcp = secondByte >= 192 && secondByte <= 223;
        if (!isRtcp && receiver.dropBeforeDecryption(receiveBuffer, 0, len)) {
            return;
        }
        srtpIn.wrap(receiveBuffer, 0, len);
        SrtpStatus status = isRtcp ? srtp.unprotectRtcp(srtpIn) : srtp.unprotectRtp(srtpIn);
        if (status != SrtpStatus.OK) {
            decryptFailed++;
            return;
        }
        if (isRtcp) {
            rtcpReceived++;
            receiver.onRtcp(this, receiveBuffer, 0, srtpIn.getLength());
            return;
        }
        if (!rtp.wrap(receiveBuffer, 0, srtpIn.getLength())) {
            ignored++;
            return;
        }
        rtpReceived++;
        inbound.onPacket(rtp, System.nanoTime());
        receiver.onRtp(this, rtp);
    }

    /**
     * Stops or resumes reading the socket, as a stalled app would: datagrams pile up in the
     * kernel's receive buffer and, once it is full, are dropped there. Any thread.
     */
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }

    /** Receive figures per incoming SSRC, gathered on the event loop. */
    public CompletableFuture<List<ReceivedStreamStats>> receivedStreams() {
        CompletableFuture<List<ReceivedStreamStats>> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(inbound.snapshot()));
        return result;
    }

    public PeerStats stats() {
        DtlsTransport transport = dtls;
        return new PeerStats(state, rtpSent, rtcpSent, sendRefused, rtpReceived, rtcpReceived, decryptFailed, ignored,
                iceNanos, transport == null ? -1 : transport.handshakeNanos());
    }

    /** Sends close_notify when connected, then closes the socket; completes when it is closed. */
    public CompletableFuture<Void> close() {
        loop.execute(() -> finish(PeerState.CLOSED, new WebRtcException(WebRtcFailure.CLOSED, "closed before connecting")));
        return closed;
    }

    private void fail(WebRtcException cause) {
        finish(PeerState.FAILED, cause);
    }

    /** Moves to a final state once; {@code cause} fails a connect() still pending. */
    private void finish(PeerState finalState, WebRtcException cause) {
        if (isFinal()) {
            return;
        }
        state = finalState;
        connected.completeExceptionally(cause);
        shutDown();
    }

    private void shutDown() {
        endRestart(new WebRtcException(WebRtcFailure.CLOSED, "the peer closed during an ICE restart"));
        if (checks != null) {
            checks.cancel(false);
        }
        if (iceDeadline != null) {
            iceDeadline.cancel(false);
        }
        if (dtls != null) {
            dtls.close();
        }
        if (srtp != null) {
            srtp.close();
            srtp = null;
            output = null;
        }
        loop.schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private boolean isFinal() {
        return state == PeerState.FAILED || state == PeerState.CLOSED;
    }
}
