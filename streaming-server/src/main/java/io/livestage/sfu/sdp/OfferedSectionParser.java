package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.dtls.DtlsFingerprint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Interprets one raw m-section of an offer into an {@link OfferedSection}. */
final class OfferedSectionParser {

    static final int MAX_PAYLOAD_TYPE = 127;
    static final int MAX_EXTENSION_ID = 255;
    static final long MAX_SSRC = 0xFFFF_FFFFL;

    private OfferedSectionParser() {
    }

    static OfferedSection parse(SdpMedia media, SdpDocument session) throws SdpException {
        AttributeIndex attributes = new AttributeIndex(media.attributes());
        AttributeIndex sessionAttributes = new AttributeIndex(session.sessionAttributes());
        String mid = attributes.value("mid");
        String ufrag = firstOf(attributes.value("ice-ufrag"), sessionAttributes.value("ice-ufrag"));
        String pwd = firstOf(attributes.value("ice-pwd"), sessionAttributes.value("ice-pwd"));
        String setup = firstOf(attributes.value("setup"), sessionAttributes.value("setup"));
        return new OfferedSection(
                mid == null ? null : mid.trim(),
                media.kind(),
                media.port(),
                media.proto(),
                media.formats(),
                direction(media, session),
                ufrag == null || pwd == null ? null : iceCredentials(ufrag.trim(), pwd.trim()),
                fingerprints(attributes, sessionAttributes),
                setup == null ? null : DtlsSetup.parse(setup),
                attributes.has("rtcp-mux"),
                attributes.has("rtcp-rsize"),
                attributes.has("bundle-only"),
                codecs(media, attributes),
                extensions(attributes),
                ssrcs(attributes),
                ssrcGroups(attributes),
                attributes.value("msid"),
                candidates(attributes),
                SimulcastOffer.rids(attributes));
    }

    private static String firstOf(String mediaLevel, String sessionLevel) {
        return mediaLevel != null ? mediaLevel : sessionLevel;
    }

    private static MediaDirection direction(SdpMedia media, SdpDocument session) {
        for (SdpAttribute attribute : media.attributes()) {
            MediaDirection direction = MediaDirection.fromAttribute(attribute.name());
            if (direction != null) {
                return direction;
            }
        }
        for (SdpAttribute attribute : session.sessionAttributes()) {
            MediaDirection direction = MediaDirection.fromAttribute(attribute.name());
            if (direction != null) {
                return direction;
            }
        }
        return MediaDirection.SENDRECV;
    }

    private static List<DtlsFingerprint> fingerprints(AttributeIndex media, AttributeIndex session) throws SdpException {
        List<String> values = media.values("fingerprint");
        if (values.isEmpty()) {
            values = session.values("fingerprint");
        }
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (String value : values) {
            try {
                fingerprints.add(DtlsFingerprint.parse(value));
            } catch (IllegalArgumentException e) {
                throw new SdpException("malformed a=fingerprint:" + value);
            }
        }
        return fingerprints;
    }

    private static IceCredentials iceCredentials(String ufrag, String pwd) throws SdpException {
        try {
            return new IceCredentials(ufrag, pwd);
        } catch (IllegalArgumentException e) {
            throw new SdpException("invalid ICE credentials: " + e.getMessage());
        }
    }

    private static List<RtpCodec> codecs(SdpMedia media, AttributeIndex attributes) throws SdpException {
        if (!media.proto().contains("RTP/")) {
            return List.of();
        }
        Map<Integer, String[]> rtpmaps = byPayloadType(attributes.values("rtpmap"), "a=rtpmap");
        Map<Integer, String[]> fmtps = byPayloadType(attributes.values("fmtp"), "a=fmtp");
        // The rtcp-fb lines by the payload type they name ("*" for every one), as positions in
        // document order: one lookup per format instead of two comparisons per format and rtcp-fb
        // line (hundreds of hooked equals a section under the fuzzer; docs/fuzzing.md, fifth round).
        List<String[]> feedback = new ArrayList<>();
        Map<String, List<Integer>> feedbackByFormat = new HashMap<>();
        for (String value : attributes.values("rtcp-fb")) {
            String[] entry = splitFirst(value);
            feedbackByFormat.computeIfAbsent(entry[0], k -> new ArrayList<>()).add(feedback.size());
            feedback.add(entry);
        }
        List<Integer> feedbackForAll = feedbackByFormat.getOrDefault("*", List.of());
        List<RtpCodec> codecs = new ArrayList<>();
        Set<Integer> listed = new HashSet<>();
        for (String format : media.formats()) {
            int pt = SdpDocument.parseInt(format, "payload type");
            if (pt < 0 || pt > MAX_PAYLOAD_TYPE) {
                // RTP carries 7 bits (RFC 3550 section 5.1): a larger number could never be sent.
                throw new SdpException("payload type " + pt + " is outside 0-" + MAX_PAYLOAD_TYPE);
            }
            if (!listed.add(pt)) {
                // One number names one codec; a track repeating it would fail every viewer's offer later.
                throw new SdpException("payload type " + pt + " is listed twice in the m= line");
            }
            String[] rtpmap = rtpmaps.get(pt);
            if (rtpmap == null) {
                // A static payload type without rtpmap (RFC 3551); none of them is one we serve.
                codecs.add(new RtpCodec(pt, "", 0, 0, null, List.of()));
                continue;
            }
            String[] encoding = rtpmap[1].split("/");
            if (encoding.length == 0) {
                // "/" or "//" splits to nothing: an rtpmap without an encoding name (a fuzzing finding).
                throw new SdpException("a=rtpmap:" + pt + " has no encoding name");
            }
            int clockRate = encoding.length > 1 ? SdpDocument.parseInt(encoding[1], "clock rate") : 0;
            int channels = encoding.length > 2 ? SdpDocument.parseInt(encoding[2], "channels") : 1;
            String[] fmtp = fmtps.get(pt);
            List<String> fb = feedbackOf(feedback, feedbackByFormat.getOrDefault(format, List.of()), feedbackForAll);
            codecs.add(new RtpCodec(pt, encoding[0], clockRate, channels, fmtp == null ? null : fmtp[1], fb));
        }
        return codecs;
    }

    /**
     * The feedback of one format: its own rtcp-fb lines and the "*" ones, merged back into document
     * order. (A format is a number by then, so it is never "*" and the two lists never share a line.)
     */
    private static List<String> feedbackOf(List<String[]> feedback, List<Integer> own, List<Integer> forAll) {
        List<String> fb = new ArrayList<>(own.size() + forAll.size());
        int i = 0;
        int j = 0;
        while (i < own.size() || j < forAll.size()) {
            boolean takeOwn = j == forAll.size() || (i < own.size() && own.get(i) < forAll.get(j));
            fb.add(feedback.get(takeOwn ? own.get(i++) : forAll.get(j++))[1]);
        }
        return fb;
    }

    private static Map<Integer, String[]> byPayloadType(List<String> values, String what) throws SdpException {
        Map<Integer, String[]> map = new LinkedHashMap<>();
        for (String value : values) {
            String[] parts = splitFirst(value);
            map.putIfAbsent(SdpDocument.parseInt(parts[0], what + " payload type"), parts);
        }
        return map;
    }

    /** "96 VP8/90000" to {"96", "VP8/90000"}; the rest after the first space stays whole. */
    private static String[] splitFirst(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? new String[] {trimmed, ""}
                : new String[] {trimmed.substring(0, space), SdpText.singleSpaced(trimmed.substring(space + 1).trim())};
    }

    private static List<HeaderExtension> extensions(AttributeIndex media) throws SdpException {
        List<HeaderExtension> extensions = new ArrayList<>();
        for (String value : media.values("extmap")) {
            String[] parts = SdpText.fields(value.trim());
            if (parts.length < 2) {
                throw new SdpException("malformed a=extmap:" + value);
            }
            String id = parts[0];
            int slash = id.indexOf('/');
            int number = SdpDocument.parseInt(slash < 0 ? id : id.substring(0, slash), "extmap id");
            if (number < 1 || number > MAX_EXTENSION_ID) {
                // RFC 8285: 1-14 in one-byte headers, 1-255 in two-byte ones; nothing else goes on the wire.
                throw new SdpException("header extension id " + number + " is outside 1-" + MAX_EXTENSION_ID);
            }
            extensions.add(new HeaderExtension(number, parts[1]));
        }
        return extensions;
    }

    private static List<SsrcDescription> ssrcs(AttributeIndex media) throws SdpException {
        Map<Long, String[]> bySsrc = new LinkedHashMap<>();
        for (String value : media.values("ssrc")) {
            String[] parts = splitFirst(value);
            String[] info = bySsrc.computeIfAbsent(ssrc(parts[0], "a=ssrc"), k -> new String[2]);
            String attribute = parts[1];
            if (attribute.startsWith("cname:")) {
                info[0] = attribute.substring("cname:".length());
            } else if (attribute.startsWith("msid:")) {
                info[1] = attribute.substring("msid:".length());
            }
        }
        List<SsrcDescription> ssrcs = new ArrayList<>();
        for (Map.Entry<Long, String[]> entry : bySsrc.entrySet()) {
            ssrcs.add(new SsrcDescription(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
        }
        return ssrcs;
    }

    private static List<SsrcGroup> ssrcGroups(AttributeIndex media) throws SdpException {
        List<SsrcGroup> groups = new ArrayList<>();
        for (String value : media.values("ssrc-group")) {
            String[] parts = SdpText.fields(value.trim());
            List<Long> ssrcs = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                ssrcs.add(ssrc(parts[i], "a=ssrc-group"));
            }
            groups.add(new SsrcGroup(parts[0], ssrcs));
        }
        return groups;
    }

    /** RTP carries 32 bits (RFC 3550 section 5.1); another number would fail every viewer's offer later. */
    private static long ssrc(String text, String what) throws SdpException {
        long ssrc = SdpDocument.parseLong(text, what);
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new SdpException(what + " " + ssrc + " is not a 32-bit SSRC");
        }
        return ssrc;
    }

    private static List<IceCandidate> candidates(AttributeIndex media) throws SdpException {
        List<IceCandidate> candidates = new ArrayList<>();
        for (String value : media.values("candidate")) {
            candidates.add(IceCandidate.parse(value));
        }
        return candidates;
    }
}
