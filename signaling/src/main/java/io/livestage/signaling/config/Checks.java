package io.livestage.signaling.config;

/** Range checks for configuration values, naming the offending key. */
final class Checks {
    private Checks() {
    }

    static void positive(double value, String key) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    static void range(long value, long min, long max, String key) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    static void notBlank(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
