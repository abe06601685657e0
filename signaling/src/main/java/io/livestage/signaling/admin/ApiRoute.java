package io.livestage.signaling.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One route of the server API: a method and a path template whose {@code {name}} segments match one
 * non-empty path segment each (percent-decoded), e.g. {@code /api/shows/{roomId}/end}.
 */
public record ApiRoute(HttpMethod method, String template, ApiHandler handler) {
    /** The template's parameters as the path gives them, or null when the path does not match. */
    Map<String, String> match(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                String value = decode(got[i]);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), value);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
