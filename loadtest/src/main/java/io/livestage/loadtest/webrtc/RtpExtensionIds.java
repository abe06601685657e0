package io.livestage.loadtest.webrtc;

/**
 * The RFC 8285 one-byte header extension ids a stream writes; -1 means not negotiated, so not
 * written. Ids come from our offer and stay valid only if the answer echoes them.
 *
 * @param rid the RTP stream id (RFC 8852), which names a simulcast layer's packets
 */
public record RtpExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid, int rid) {

    public static final int NONE = -1;
    /** The repaired-RID id our simulcast offer proposes; we send no RTX, so it is never written. */
    public static final int OFFERED_REPAIRED_RID = 11;

    /** The ids our offer proposes (Chrome's numbering, which servers are tuned for). */
    public static final RtpExtensionIds OFFERED_AUDIO = new RtpExtensionIds(1, 2, 3, 4);
    public static final RtpExtensionIds OFFERED_VIDEO = new RtpExtensionIds(NONE, 2, 3, 4);
    /** A simulcast video section adds the RID (Chrome's 10) so the server can tell the layers apart. */
    public static final RtpExtensionIds OFFERED_SIMULCAST_VIDEO = new RtpExtensionIds(NONE, 2, 3, 4, 10);
    public static final RtpExtensionIds NOTHING = new RtpExtensionIds(NONE, NONE, NONE, NONE);

    public RtpExtensionIds {
        check(audioLevel);
        check(absSendTime);
        check(transportCc);
        check(mid);
        check(rid);
    }

    /** Without a RID: every stream but a simulcast layer. */
    public RtpExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {
        this(audioLevel, absSendTime, transportCc, mid, NONE);
    }

    private static void check(int id) {
        // One-byte form: ids 1..14 (15 is reserved).
        if (id != NONE && (id < 1 || id > 14)) {
            throw new IllegalArgumentException("one-byte extension id out of range: " + id);
        }
    }

    public boolean any() {
        return audioLevel != NONE || absSendTime != NONE || transportCc != NONE || mid != NONE || rid != NONE;
    }
}
