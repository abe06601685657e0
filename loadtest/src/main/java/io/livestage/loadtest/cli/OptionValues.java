package io.livestage.loadtest.cli;

import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The load generator's option values: how picocli converts the text of a number, a duration or a URL
 * (a bad one is a {@link TypeConversionException} whose message follows the option's name), and the
 * checks of ranges and schemes each command makes once its options are parsed (a
 * {@link ParameterException}, exit status 2).
 */
final class OptionValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern VIDEO = Pattern.compile("(\\d{1,5})x(\\d{1,5})@(\\d{1,3})");
    private static final double KEYFRAME_SECONDS = 2.0;
    private static final int MAX_PACKET_BYTES = 1200;

    private OptionValues() {
    }

    /** Teaches {@code line} and its subcommands our numbers, durations and URLs. */
    static void registerConverters(CommandLine line) {
        line.registerConverter(Integer.class, OptionValues::wholeNumber);
        line.registerConverter(Integer.TYPE, OptionValues::wholeNumber);
        line.registerConverter(Double.class, OptionValues::number);
        line.registerConverter(Double.TYPE, OptionValues::number);
        line.registerConverter(Duration.class, OptionValues::duration);
        line.registerConverter(URI.class, OptionValues::uri);
    }

    /** A whole number; {@code _} may group digits, as in {@code 10_000}. */
    static Integer wholeNumber(String raw) {
        try {
            return Integer.parseInt(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + raw + "'");
        }
    }

    static Double number(String raw) {
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, not '" + raw + "'");
        }
    }

    /** A duration like {@code 500ms}, {@code 60s}, {@code 2m} or {@code 1h}; a bare number means seconds. */
    static Duration duration(String raw) {
        Matcher matcher = DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("must look like 500ms, 60s, 2m or 1h, not '" + raw + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("is too large: " + raw);
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    static URI uri(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("is not a valid URL: " + e.getMessage());
        }
    }

    /** {@code value} of option {@code name}, refused unless within {@code min..max}. */
    static int within(CommandSpec spec, String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw outside(spec, name, min, max, String.valueOf(value));
        }
        return value;
    }

    static double within(CommandSpec spec, String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw outside(spec, name, plain(min), plain(max), plain(value));
        }
        return value;
    }

    static Duration within(CommandSpec spec, String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw outside(spec, name, min.toSeconds() + "s", max.toSeconds() + "s", value.toMillis() + "ms");
        }
        return value;
    }

    /** A URL whose scheme is one of {@code schemes}, with a host; null stays null (the option was not given). */
    static URI url(CommandSpec spec, String name, URI value, Set<String> schemes) {
        if (value == null) {
            return null;
        }
        String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || value.getHost() == null) {
            throw refuse(spec, name + " must be a " + String.join(" or ", schemes.stream().sorted()
                    .map(s -> s + "://").toList()) + " URL with a host, not '" + value + "'");
        }
        return value;
    }

    /** {@code --secret}: the server's HS256 token secret (the dev secret unless given), at least 32 bytes. */
    static String secret(CommandSpec spec, String secret) {
        String chosen = secret == null ? AuthConfig.DEV_SECRET : secret;
        if (chosen.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw refuse(spec, "--secret must be at least 32 bytes, like the server's auth.secret");
        }
        return chosen;
    }

    /**
     * {@code --metrics-url}, by default the {@code /metrics} next to the signaling URL, or null with
     * {@code --no-metrics} (when the command has that switch).
     */
    static URI metricsUrl(CommandSpec spec, URI given, boolean none, URI signaling, Set<String> schemes) {
        if (none && given != null) {
            throw refuse(spec, "--metrics-url and --no-metrics contradict each other");
        }
        if (none) {
            return null;
        }
        URI checked = url(spec, "--metrics-url", given, schemes);
        return checked == null ? ChatCommand.metricsNextTo(signaling) : checked;
    }

    /**
     * Synthetic VP8 as {@code --video WxH@FPS} at {@code --video-kbps}: a keyframe every 2 s, packets
     * of at most 1,200 bytes; null for {@code none}.
     */
    static VideoSettings video(CommandSpec spec, String video, int kbps) {
        within(spec, "--video-kbps", kbps, 8, 20_000);
        if (video.toLowerCase(Locale.ROOT).equals("none")) {
            return null;
        }
        Matcher matcher = VIDEO.matcher(video);
        if (!matcher.matches()) {
            throw refuse(spec, "--video must look like 320x240@15 or be 'none', not '" + video + "'");
        }
        try {
            return new VideoSettings(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), kbps * 1000, KEYFRAME_SECONDS, MAX_PACKET_BYTES);
        } catch (IllegalArgumentException e) {
            throw refuse(spec, "--video " + video + " at " + kbps + " kbit/s: " + e.getMessage());
        }
    }

    /** A bad command line, in words for the person who typed it. */
    static ParameterException refuse(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static ParameterException outside(CommandSpec spec, String name, Object min, Object max, String value) {
        return refuse(spec, name + " must be between " + min + " and " + max + ", not " + typed(spec, name, value));
    }

    /** What was typed for the option, as typed; {@code value} when it was not given (its default). */
    private static String typed(CommandSpec spec, String name, String value) {
        OptionSpec option = spec.findOption(name);
        List<String> typed = option == null ? List.of() : option.originalStringValues();
        return typed.isEmpty() ? value : typed.get(typed.size() - 1);
    }

    private static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }
}
