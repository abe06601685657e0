package io.livestage.sfu;

import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.transport.MediaSource;
import io.livestage.sfu.transport.TrackDescription;
import io.livestage.sfu.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.List;

/** A track a room's subscribers can receive now: how offers describe it, and where it comes from. */
record LiveTrack(OutgoingTrack track, MediaSource source, WebRtcTransport publisher) {

    static LiveTrack of(MediaSource source, WebRtcTransport publisher) {
        return of(source, publisher, false);
    }

    /**
     * The track as {@link #of(MediaSource, WebRtcTransport)} describes it, or with {@code everyLayer} (a relay to
     * another node) in each of its simulcast layers, under the source's streams for them.
     */
    static LiveTrack of(MediaSource source, WebRtcTransport publisher, boolean everyLayer) {
        TrackDescription description = source.description();
        String userToken = token(publisher.userId());
        String[] msid = description.msid() == null ? new String[0] : words(description.msid().trim());
        String stream = msid.length >= 1 && !msid[0].isEmpty() ? token(msid[0]) : "livestage-" + userToken;
        String trackId = msid.length >= 2 ? token(msid[1]) : description.kind() + "-" + description.ssrc();
        // An empty CNAME ("a=ssrc:1 cname:", which RFC 5576 does not allow) is no CNAME, as an empty msid is no msid.
        String cname = description.cname() == null || description.cname().isEmpty() ? "livestage-" + userToken
                : token(description.cname());
        return new LiveTrack(new OutgoingTrack(description.kind(), publisher.userId(), stream, trackId, description.ssrc(),
                description.rtxSsrc(), cname, description.codecs(), description.extensions(),
                everyLayer ? source.layerStreams() : List.of()), source, publisher);
    }

    /**
     * SDP tokens end at whitespace; anything else is kept so a publisher's own ids survive. What
     * {@code text.replaceAll("[\s\x00-\x20]", "-")} did (\s is inside \x00-\x20), by hand: a regex
     * per track and viewer offer walks the text under the fuzzer's regex hooks (docs/fuzzing.md, fifth round).
     */
    static String token(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) <= ' ') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = '-';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /**
     * {@code text.split("\s+")}, by hand: the pieces between runs of space, tab, LF, VT, FF and CR
     * (other control characters stay in the pieces), as {@code split} ends them: the whole text when
     * there is no run, else without trailing empty pieces (a run at the start leaves an empty first one).
     */
    static String[] words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isRegexSpace(text.charAt(i))) {
                i++;
                continue;
            }
            words.add(text.substring(start, i));
            while (i < text.length() && isRegexSpace(text.charAt(i))) {
                i++;
            }
            start = i;
        }
        if (words.isEmpty()) {
            return new String[] {text};
        }
        words.add(text.substring(start));
        int size = words.size();
        while (size > 0 && words.get(size - 1).isEmpty()) {
            size--;
        }
        return words.subList(0, size).toArray(String[]::new);
    }

    /** {@code \s} of {@link java.util.regex.Pattern} without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
