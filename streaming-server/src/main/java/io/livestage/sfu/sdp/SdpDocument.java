package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An SDP (RFC 8866) split into session attributes and m-sections, without interpretation. Lines
 * other than {@code v=}, {@code m=} and {@code a=} are accepted and dropped, since nothing in a
 * WebRTC offer we serve depends on them.
 */
public record SdpDocument(List<SdpAttribute> sessionAttributes, List<SdpMedia> media) {

    public SdpDocument {
        sessionAttributes = List.copyOf(sessionAttributes);
        media = List.copyOf(media);
    }

    public static SdpDocument parse(String text) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException("empty SDP");
        }
        String[] lines = SdpText.lines(text);
        List<SdpAttribute> session = new ArrayList<>();
        List<SdpMedia> media = new ArrayList<>();
        String[] mLine = null;
        List<SdpAttribute> mediaAttributes = null;
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("malformed SDP line " + (i + 1));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (first) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpException("SDP must start with v=0");
                }
                first = false;
            } else if (type == 'm') {
                if (mLine != null) {
                    media.add(toMedia(mLine, mediaAttributes));
                }
                mLine = SdpText.fields(value.trim());
                mediaAttributes = new ArrayList<>();
            } else if (type == 'a') {
                (mediaAttributes != null ? mediaAttributes : session).add(SdpAttribute.parse(value));
            }
        }
        if (mLine != null) {
            media.add(toMedia(mLine, mediaAttributes));
        }
        return new SdpDocument(session, media);
    }

    private static SdpMedia toMedia(String[] fields, List<SdpAttribute> attributes) throws SdpException {
        if (fields.length < 4) {
            throw new SdpException("malformed m= line: " + String.join(" ", fields));
        }
        String port = fields[1];
        int slash = port.indexOf('/');
        return new SdpMedia(fields[0], parseInt(slash < 0 ? port : port.substring(0, slash), "m= port"), fields[2],
                Arrays.asList(fields).subList(3, fields.length), attributes);
    }

    static int parseInt(String text, String what) throws SdpException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SdpException("malformed " + what + ": " + text);
        }
    }

    static long parseLong(String text, String what) throws SdpException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new SdpException("malformed " + what + ": " + text);
        }
    }

    /** The value of the first session-level attribute named {@code name}, or null. */
    public String sessionValue(String name) {
        for (SdpAttribute attribute : sessionAttributes) {
            if (attribute.name().equals(name)) {
                return attribute.value();
            }
        }
        return null;
    }

    public boolean sessionHas(String name) {
        for (SdpAttribute attribute : sessionAttributes) {
            if (attribute.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
