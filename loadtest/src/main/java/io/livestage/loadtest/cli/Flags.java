package io.livestage.loadtest.cli;

import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsed {@code --name value}, {@code --name=value} and {@code --switch} arguments. Only the flags a command
 * declares are accepted, so a typo is an error rather than a silently ignored option.
 */
public final class Flags {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /** True when the arguments ask for help, whatever else they contain (repeated arguments included). */
    public static boolean wantsHelp(String[] args) {
        List<String> list = Arrays.asList(args);
        return list.contains("--help") || list.contains("-h");
    }

    /**
     * @param valued   names (without {@code --}) of flags that take a value
     * @param switches names of flags that take none
     */
    public static Flags parse(String[] args, Set<String> valued, Set<String> switches) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value;
            if (switches.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return new Flags(values);
    }

    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public int integer(String name, int fallback, int min, int max) throws UsageException {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.replace("_", ""));
            if (value < min || value > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + raw + "'");
        }
    }

    public double decimal(String name, double fallback, double min, double max) throws UsageException {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw);
            if (!(value >= min && value <= max)) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, not '" + raw + "'");
        }
    }

    /** A duration like {@code 500ms}, {@code 60s}, {@code 2m} or {@code 1h}; a bare number means seconds. */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) throws UsageException {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new UsageException("--" + name + " must look like 500ms, 60s, 2m or 1h, not '" + raw + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is too large: " + raw);
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration value = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new UsageException("--" + name + " must be between " + min.toSeconds() + "s and "
                    + max.toSeconds() + "s, not " + raw);
        }
        return value;
    }

    /** A URL whose scheme is one of {@code schemes}. */
    public Optional<URI> url(String name, Set<String> schemes) throws UsageException {
        String raw = values.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new UsageException("--" + name + " is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || uri.getHost() == null) {
            throw new UsageException("--" + name + " must be a " + String.join(" or ", schemes.stream().sorted()
                    .map(s -> s + "://").toList()) + " URL with a host, not '" + raw + "'");
        }
        return Optional.of(uri);
    }

    /** {@code --secret}: the server's HS256 token secret (the dev secret unless given), at least 32 bytes. */
    public String secret() throws UsageException {
        String secret = text("secret").orElse(AuthConfig.DEV_SECRET);
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new UsageException("--secret must be at least 32 bytes, like the server's auth.secret");
        }
        return secret;
    }

    /**
     * {@code --metrics-url}, by default the {@code /metrics} next to the signaling URL, or null with
     * {@code --no-metrics} (when the command has that switch).
     */
    public URI metricsUrl(URI signaling, Set<String> schemes) throws UsageException {
        if (isSet("no-metrics") && isSet("metrics-url")) {
            throw new UsageException("--metrics-url and --no-metrics contradict each other");
        }
        return isSet("no-metrics") ? null : url("metrics-url", schemes).orElse(ChatCommand.metricsNextTo(signaling));
    }
}
