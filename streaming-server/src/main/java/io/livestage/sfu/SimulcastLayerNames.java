package io.livestage.sfu;

import io.livestage.sfu.transport.Consumer;

/**
 * The protocol's names for simulcast layers ({@code low}, {@code medium}, {@code high}, and {@code
 * auto} for the estimate's choice) and our layer indexes, lowest first. With two layers there is
 * no medium: it names the lower one, the data-saving side.
 */
final class SimulcastLayerNames {
    static final String AUTO = "auto";

    private SimulcastLayerNames() {
    }

    /** The layer index a name pins in a track of {@code count} layers, or {@link Consumer.AUTO}. */
    static int index(String name, int count) {
        return switch (name) {
            case "low" -> 0;
            case "medium" -> count >= 3 ? 1 : 0;
            case "high" -> count - 1;
            case AUTO -> Consumer.AUTO;
            default -> throw MediaException.badRequest("layer must be one of low, medium, high, auto; got " + name);
        };
    }

    static String name(int index, int count) {
        if (index >= count - 1 && count > 1) {
            return "high";
        }
        return index <= 0 ? "low" : "medium";
    }
}
