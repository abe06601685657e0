package io.livestage.loadtest.webrtc;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The identities a publisher announces in its offer: one CNAME and media stream (msid) for both
 * tracks, and the SSRCs it will send from (video with an RTX SSRC, paired by an FID group).
 */
public record LocalTracks(String cname, String streamId, String audioTrackId, String videoTrackId,
        long audioSsrc, long videoSsrc, long videoRtxSsrc) {

    public LocalTracks {
        Objects.requireNonNull(cname, "cname");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(audioTrackId, "audioTrackId");
        Objects.requireNonNull(videoTrackId, "videoTrackId");
        if (audioSsrc == videoSsrc || audioSsrc == videoRtxSsrc || videoSsrc == videoRtxSsrc) {
            throw new IllegalArgumentException("SSRCs must differ");
        }
    }

    /** Random identities, as a browser makes them; SSRCs are nonzero 32-bit values. */
    public static LocalTracks random(SecureRandom random) {
        long audio = nonZeroSsrc(random);
        long video = nonZeroSsrc(random);
        while (video == audio) {
            video = nonZeroSsrc(random);
        }
        long rtx = nonZeroSsrc(random);
        while (rtx == audio || rtx == video) {
            rtx = nonZeroSsrc(random);
        }
        return new LocalTracks(token(random), token(random), token(random), token(random), audio, video, rtx);
    }

    private static long nonZeroSsrc(SecureRandom random) {
        long ssrc = 0;
        while (ssrc == 0) {
            ssrc = random.nextInt() & 0xFFFF_FFFFL;
        }
        return ssrc;
    }

    private static String token(SecureRandom random) {
        return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }
}
