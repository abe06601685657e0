package io.livestage.sfu.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.logging.Level;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

import io.netty.util.collection.IntObjectHashMap;

/**
 * SRTP and SRTCP protection for one transport, keyed from its DTLS handshake. Packets are
 * transformed in place through an {@link SrtpPacket}; results are {@link SrtpStatus} values,
 * never exceptions. Crypto contexts are created lazily, one per SSRC and direction, as RFC 3711
 * requires (each keeps its own rollover counter and replay window).
 *
 * <p>Not thread-safe: owned by the transport's event loop.
 */
public final class SrtpSession {

    /** Bounds memory against a peer inventing SSRCs; a real peer uses a handful per direction. */
    public static final int MAX_SSRCS_PER_DIRECTION = 64;
    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final SrtpProfile profile;
    private final SrtpContextFactory inbound;
    private final SrtpContextFactory outbound;
    private final IntObjectHashMap<SrtpCryptoContext> rtpIn = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtpCryptoContext> rtpOut = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> rtcpIn = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> rtcpOut = new IntObjectHashMap<>();

    private SrtpSession(SrtpProfile profile, byte[] inKey, byte[] inSalt, byte[] outKey, byte[] outSalt) {
        this.profile = profile;
        // Level OFF: jitsi-srtp would otherwise log per packet on some failure paths; we count statuses instead.
        LoggerImpl logger = new LoggerImpl(SrtpSession.class.getName(), Level.OFF);
        this.inbound = new SrtpContextFactory(false, inKey, inSalt, policy(profile), policy(profile), logger);
        this.outbound = new SrtpContextFactory(true, outKey, outSalt, sendPolicy(profile), sendPolicy(profile), logger);
        // The factories keep their own copies; wipe ours.
        Arrays.fill(inKey, (byte) 0);
        Arrays.fill(inSalt, (byte) 0);
        Arrays.fill(outKey, (byte) 0);
        Arrays.fill(outSalt, (byte) 0);
    }

    /** We were the DTLS server (a=setup:passive): we send with the server keys, receive with the client's. */
    public static SrtpSession forDtlsServer(SrtpKeyingMaterial keys) {
        return new SrtpSession(keys.profile(), keys.clientMasterKey(), keys.clientMasterSalt(),
                keys.serverMasterKey(), keys.serverMasterSalt());
    }

    /** We were the DTLS client (a=setup:active): we send with the client keys, receive with the server's. */
    public static SrtpSession forDtlsClient(SrtpKeyingMaterial keys) {
        return new SrtpSession(keys.profile(), keys.serverMasterKey(), keys.serverMasterSalt(),
                keys.clientMasterKey(), keys.clientMasterSalt());
    }

    static {
        // jitsi-srtp benchmarks its AES providers (OpenSSL via JNI, SunJCE, BouncyCastle) the first
        // time it makes a cipher and may pick SunJCE, whose in-place update copies every packet
        // (about 1.2 kB of garbage each). Its bundled OpenSSL binding works in place at the same
        // speed, so pin it when it loads. The choice is cached for the JVM on first use, which is
        // why this runs before any context can be created through this class.
        try {
            if (JitsiOpenSslProvider.isLoaded()) {
                Aes.setFactoryClassName(Aes.class.getName() + "$OpenSSLCipherFactory");
            }
        } catch (LinkageError noNativeBinding) {
            // No JNA or no native library for this platform: jitsi-srtp falls back to the JDK ciphers.
        }
    }

    /**
     * Loads and JIT-warms the ciphers so that no real packet pays for it (the first use costs
     * up to seconds). Call once at startup, off the event loops.
     */
    public static void warmUp() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporter(profile, new byte[profile.keyingMaterialLength()]);
            SrtpSession sender = forDtlsClient(keys);
            SrtpSession receiver = forDtlsServer(keys);
            byte[] buffer = new byte[256];
            SrtpPacket packet = new SrtpPacket();
            for (int sequence = 0; sequence < 64; sequence++) {
                Arrays.fill(buffer, (byte) 0);
                buffer[0] = (byte) 0x80;
                buffer[3] = (byte) sequence;
                sender.protectRtp(packet.wrap(buffer, 0, 160));
                receiver.unprotectRtp(packet);
            }
            sender.close();
            receiver.close();
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} appends: leave this much tailroom in send buffers. */
    public int rtpTrailerLength() {
        return profile.authTagLength();
    }

    /** Bytes {@link #protectRtcp} appends (SRTCP index and tag). */
    public int rtcpTrailerLength() {
        return SRTCP_INDEX_LENGTH + profile.authTagLength();
    }

    /** Verifies and decrypts an SRTP packet in place; on OK the packet's length drops the tag. */
    public SrtpStatus unprotectRtp(SrtpPacket packet) {
        if (packet.getLength() < RTP_HEADER_LENGTH + profile.authTagLength()) {
            return SrtpStatus.INVALID_PACKET;
        }
        int ssrc = readInt(packet, 8);
        SrtpCryptoContext context = rtpIn.get(ssrc);
        boolean created = false;
        if (context == null) {
            if (rtpIn.size() >= MAX_SSRCS_PER_DIRECTION) {
                return SrtpStatus.TOO_MANY_SSRCS;
            }
            try {
                context = inbound.deriveContext(ssrc, 0);
            } catch (GeneralSecurityException e) {
                return SrtpStatus.FAILED;
            }
            created = true;
        }
        SrtpStatus status;
        try {
            status = map(context.reverseTransformPacket(packet, false));
        } catch (GeneralSecurityException | RuntimeException e) {
            status = SrtpStatus.FAILED;
        }
        // Keep a context only once a packet authenticated: forged SSRCs must not take up slots.
        if (created && status == SrtpStatus.OK) {
            rtpIn.put(ssrc, context);
        }
        return status;
    }

    /** Encrypts and authenticates an RTP packet in place; on OK the length includes the tag. */
    public SrtpStatus protectRtp(SrtpPacket packet) {
        if (packet.getLength() < RTP_HEADER_LENGTH) {
            return SrtpStatus.INVALID_PACKET;
        }
        if (packet.tailroom() < rtpTrailerLength()) {
            return SrtpStatus.NO_ROOM;
        }
        int ssrc = readInt(packet, 8);
        SrtpCryptoContext context = rtpOut.get(ssrc);
        if (context == null) {
            if (rtpOut.size() >= MAX_SSRCS_PER_DIRECTION) {
                return SrtpStatus.TOO_MANY_SSRCS;
            }
            try {
                context = outbound.deriveContext(ssrc, 0);
            } catch (GeneralSecurityException e) {
                return SrtpStatus.FAILED;
            }
            rtpOut.put(ssrc, context);
        }
        try {
            return map(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpStatus.FAILED;
        }
    }

    /** Verifies and decrypts an SRTCP compound packet in place; on OK the index and tag are gone. */
    public SrtpStatus unprotectRtcp(SrtpPacket packet) {
        if (packet.getLength() < RTCP_HEADER_LENGTH + rtcpTrailerLength()) {
            return SrtpStatus.INVALID_PACKET;
        }
        int ssrc = readInt(packet, 4);
        SrtcpCryptoContext context = rtcpIn.get(ssrc);
        boolean created = false;
        if (context == null) {
            if (rtcpIn.size() >= MAX_SSRCS_PER_DIRECTION) {
                return SrtpStatus.TOO_MANY_SSRCS;
            }
            try {
                context = inbound.deriveControlContext(ssrc);
            } catch (GeneralSecurityException e) {
                return SrtpStatus.FAILED;
            }
            created = true;
        }
        SrtpStatus status;
        try {
            status = map(context.reverseTransformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            status = SrtpStatus.FAILED;
        }
        if (created && status == SrtpStatus.OK) {
            rtcpIn.put(ssrc, context);
        }
        return status;
    }

    /** Encrypts and authenticates an RTCP compound packet in place, appending index and tag. */
    public SrtpStatus protectRtcp(SrtpPacket packet) {
        if (packet.getLength() < RTCP_HEADER_LENGTH) {
            return SrtpStatus.INVALID_PACKET;
        }
        if (packet.tailroom() < rtcpTrailerLength()) {
            return SrtpStatus.NO_ROOM;
        }
        int ssrc = readInt(packet, 4);
        SrtcpCryptoContext context = rtcpOut.get(ssrc);
        if (context == null) {
            if (rtcpOut.size() >= MAX_SSRCS_PER_DIRECTION) {
                return SrtpStatus.TOO_MANY_SSRCS;
            }
            try {
                context = outbound.deriveControlContext(ssrc);
            } catch (GeneralSecurityException e) {
                return SrtpStatus.FAILED;
            }
            rtcpOut.put(ssrc, context);
        }
        try {
            return map(context.transformPacket(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpStatus.FAILED;
        }
    }

    /** Wipes the master keys; the session is unusable afterwards. */
    public void close() {
        inbound.close();
        outbound.close();
        rtpIn.clear();
        rtpOut.clear();
        rtcpIn.clear();
        rtcpOut.clear();
    }

    /**
     * jitsi-srtp's sender refuses an index it already protected (its "send replay" check), which
     * would refuse every NACK retransmission: those resend a packet under its original SSRC and
     * sequence number. A retransmission is the same bytes under the same index, so it encrypts to
     * the same ciphertext and reuses no keystream on different data; the check is off for sending.
     */
    private static SrtpPolicy sendPolicy(SrtpProfile profile) {
        SrtpPolicy policy = policy(profile);
        policy.setSendReplayEnabled(false);
        return policy;
    }

    private static SrtpPolicy policy(SrtpProfile profile) {
        return switch (profile) {
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.masterKeyLength(),
                    SrtpPolicy.NULL_AUTHENTICATION, 0, profile.authTagLength(), profile.masterSaltLength());
            case AES128_CM_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.masterKeyLength(),
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, profile.authTagLength(), profile.masterSaltLength());
        };
    }

    private static SrtpStatus map(SrtpErrorStatus status) {
        return switch (status) {
            case OK -> SrtpStatus.OK;
            case AUTH_FAIL -> SrtpStatus.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> SrtpStatus.REPLAYED;
            case INVALID_PACKET -> SrtpStatus.INVALID_PACKET;
            case FAIL -> SrtpStatus.FAILED;
        };
    }

    private static int readInt(SrtpPacket packet, int at) {
        byte[] b = packet.getBuffer();
        int i = packet.getOffset() + at;
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
