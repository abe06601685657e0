package io.livestage.signaling.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web client's files, read once from the classpath under a prefix and kept in memory.
 * Only plain relative names are served: no "..", no encoded characters, no hidden files.
 */
final class StaticFiles {
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "webp", "image/webp");

    /** Inline {@code <script>} elements (those without {@code src}) of a page, and what is in them. */
    private static final Pattern INLINE_SCRIPT = Pattern.compile(
            "<script(\\s[^>]*)?>(.*?)</script\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SRC_ATTRIBUTE = Pattern.compile("\\ssrc\\s*=", Pattern.CASE_INSENSITIVE);

    /**
     * A file's bytes and content type; for a page, the Content-Security-Policy hashes of its inline
     * scripts, so they run under a policy that allows no other inline script.
     */
    record Content(byte[] bytes, String contentType, List<String> scriptHashes) {
        boolean page() {
            return contentType.startsWith("text/html");
        }
    }

    private final String prefix;
    private final ClassLoader loader;
    private final Map<String, Content> cache = new ConcurrentHashMap<>();

    StaticFiles(String prefix, ClassLoader loader) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.loader = loader;
    }

    Optional<Content> find(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.endsWith("/")) {
            name = name + "index.html";
        }
        if (!SAFE_PATH.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        String finalName = name;
        Content cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Only files that exist are cached, so probing random paths cannot grow the cache.
        Optional<Content> loaded = load(name);
        loaded.ifPresent(content -> cache.put(finalName, content));
        return loaded;
    }

    /**
     * {@code 'sha256-…'} of each inline script's text, as the browser hashes it: the characters
     * between the tags, line breaks normalized to LF (the HTML parser does so before hashing).
     */
    static List<String> scriptHashes(String html) {
        List<String> hashes = new ArrayList<>();
        Matcher script = INLINE_SCRIPT.matcher(html);
        while (script.find()) {
            String attributes = script.group(1);
            if (attributes != null && SRC_ATTRIBUTE.matcher(attributes).find()) {
                continue;
            }
            String text = script.group(2).replace("\r\n", "\n").replace('\r', '\n');
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(sha256(text.getBytes(StandardCharsets.UTF_8))) + "'");
        }
        return List.copyOf(hashes);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private Optional<Content> load(String name) {
        try (InputStream in = loader.getResourceAsStream(prefix + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Content(bytes, TYPES.getOrDefault(extension, "application/octet-stream"),
                    extension.equals("html") ? scriptHashes(new String(bytes, StandardCharsets.UTF_8)) : List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
