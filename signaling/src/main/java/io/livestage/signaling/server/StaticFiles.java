package io.livestage.signaling.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    /** A file's bytes and content type. */
    record Content(byte[] bytes, String contentType) {}

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

    private Optional<Content> load(String name) {
        try (InputStream in = loader.getResourceAsStream(prefix + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Content(in.readAllBytes(), TYPES.getOrDefault(extension, "application/octet-stream")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
