package io.livestage.loadtest.webrtc;

/**
 * The RFC 8285 one-byte header extension ids a stream writes; -1 means not negotiated, so not
 * written. Ids come from our offer and stay valid only if the answer echoes them.
 */
public record RtpExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {

    public static final int NONE = -1;

    /** The ids our offer proposes (Chrome's numbering, which servers are tuned for). */
    public static final RtpExtensionIds OFFERED_AUDIO = new RtpExtensionIds(1, 2, 3, 4);
    public static final RtpExtensionIds OFFERED_VIDEO = new RtpExtensionIds(NONE, 2, 3, 4);
    public static final RtpExtensionIds NOTHING = new RtpExtensionIds(NONE, NONE, NONE, NONE);

    public RtpExtensionIds {
        check(audioLevel);
        check(absSendTime);
        check(transportCc);
        check(mid);
    }

    private static void check(int id) {
        // One-byte form: ids 1..14 (15 is reserved).
        if (id != NONE && (id < 1 || id > 14)) {
            throw new IllegalArgumentException("one-byte extension id out of range: " + id);
        }
    }

    public boolean any() {
        return audioLevel != NONE || absSendTime != NONE || transportCc != NONE || mid != NONE;
    }
}
