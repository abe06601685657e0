package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Payload type numbers across one BUNDLE group. Bundled m-sections form a single RTP session,
 * so a number may mean only one codec configuration in all of them (RFC 8843 section 9.1), and
 * Chrome refuses an offer that breaks this ("A BUNDLE group contains a codec collision").
 * Publishers running different browsers easily disagree (Safari's 96 is H264, Chrome's VP8), so a
 * track keeps its publisher's numbers where they are free or mean the same, and is renumbered
 * into a free dynamic number otherwise.
 *
 * <p>"The same" is deliberately strict (kind, encoding name, clock rate, channels, fmtp text and
 * feedback, all exact): a needless renumbering costs one byte rewritten per packet, a missed
 * collision costs the whole offer.
 */
final class PayloadTypeNumbering {

    /** RFC 3551's dynamic range first, then the range Chrome also uses when that one is full. */
    private static final int[][] FREE_RANGES = {{96, 127}, {35, 63}};

    private record Meaning(String kind, String name, int clockRate, int channels, String fmtp, List<String> feedback) {
        static Meaning of(String kind, RtpCodec codec) {
            return new Meaning(kind, codec.name(), codec.clockRate(), codec.channels(), codec.fmtp(), codec.feedback());
        }
    }

    private final Map<Integer, Meaning> bound = new HashMap<>();

    /** Takes the numbers of a section already in the group; they never change while it stays there. */
    void reserve(String kind, List<RtpCodec> codecs) {
        for (RtpCodec codec : codecs) {
            bound.put(codec.payloadType(), Meaning.of(kind, codec));
        }
    }

    /** The track's codecs numbered for this group, in the track's order; RTX {@code apt} follows its codec. */
    List<RtpCodec> assign(String kind, List<RtpCodec> published) {
        Map<Integer, Integer> renumbered = new HashMap<>();
        RtpCodec[] assigned = new RtpCodec[published.size()];
        // Primaries first: an RTX codec's fmtp names its primary's number, which must be known.
        for (int rtxPass = 0; rtxPass < 2; rtxPass++) {
            for (int i = 0; i < published.size(); i++) {
                RtpCodec codec = published.get(i);
                if (codec.isRtx() != (rtxPass == 1)) {
                    continue;
                }
                String fmtp = codec.isRtx()
                        ? withApt(codec.fmtp(), renumbered.get(codec.associatedPayloadType())) : codec.fmtp();
                RtpCodec candidate = new RtpCodec(codec.payloadType(), codec.name(), codec.clockRate(),
                        codec.channels(), fmtp, codec.feedback());
                int payloadType = bind(kind, candidate);
                renumbered.put(codec.payloadType(), payloadType);
                assigned[i] = new RtpCodec(payloadType, codec.name(), codec.clockRate(), codec.channels(), fmtp,
                        codec.feedback());
            }
        }
        return List.of(assigned);
    }

    private int bind(String kind, RtpCodec codec) {
        Meaning meaning = Meaning.of(kind, codec);
        Meaning existing = bound.get(codec.payloadType());
        if (existing == null || existing.equals(meaning)) {
            bound.put(codec.payloadType(), meaning);
            return codec.payloadType();
        }
        for (int[] range : FREE_RANGES) {
            for (int payloadType = range[0]; payloadType <= range[1]; payloadType++) {
                if (!bound.containsKey(payloadType)) {
                    bound.put(payloadType, meaning);
                    return payloadType;
                }
            }
        }
        throw new IllegalStateException("no free RTP payload type left in the BUNDLE group");
    }

    /** The fmtp with {@code apt=} set to {@code payloadType}, other parameters (e.g. rtx-time) kept in place. */
    private static String withApt(String fmtp, int payloadType) {
        List<String> parameters = new ArrayList<>();
        for (String pair : fmtp.split(";")) {
            boolean apt = pair.trim().toLowerCase(Locale.ROOT).startsWith("apt=");
            parameters.add(apt ? "apt=" + payloadType : pair.trim());
        }
        return String.join(";", parameters);
    }
}
