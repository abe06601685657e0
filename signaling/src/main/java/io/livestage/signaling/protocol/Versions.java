package io.livestage.signaling.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code welcome} reports so clients and operators know what they talk to: the protocol's
 * version (raised when a change could break a client written against docs/protocol.md; additions
 * do not raise it) and the server's build version.
 */
public final class Versions {
    /** docs/protocol.md's contract, with this server's additions (none of which breaks a client). */
    public static final int PROTOCOL = 1;
    private static final String SERVER = load();

    private Versions() {
    }

    /** The Maven project version the server was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String server() {
        return SERVER;
    }

    private static String load() {
        try (InputStream in = Versions.class.getResourceAsStream("/livestage-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("livestage-version.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
