package io.livestage.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, bounded access to the fields of one client message. Every violation is a
 * {@code bad_request} naming the field, so a client learns exactly what it got wrong.
 */
public final class Fields {
    private final JsonNode node;

    public Fields(JsonNode node) {
        this.node = node;
    }

    /** A required string of 1..maxChars characters (code points). */
    public String text(String name, int maxChars) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ProtocolException.badRequest("field '" + name + "' is required");
        }
        if (!value.isTextual()) {
            throw ProtocolException.badRequest("field '" + name + "' must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ProtocolException.badRequest("field '" + name + "' must not be empty");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            throw ProtocolException.badRequest(
                    "field '" + name + "' is too long (" + chars + " > " + maxChars + " characters)");
        }
        return text;
    }

    /** An optional string; null when absent. */
    public String optionalText(String name, int maxChars) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : text(name, maxChars);
    }

    /** A required integer within [min, max]. */
    public long integer(String name, long min, long max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ProtocolException.badRequest("field '" + name + "' is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ProtocolException.badRequest("field '" + name + "' must be an integer");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw ProtocolException.badRequest(
                    "field '" + name + "' must be between " + min + " and " + max);
        }
        return number;
    }

    /** A required boolean. */
    public boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw ProtocolException.badRequest("field '" + name + "' is required");
        }
        if (!value.isBoolean()) {
            throw ProtocolException.badRequest("field '" + name + "' must be true or false");
        }
        return value.booleanValue();
    }

    /** An optional boolean; {@code absent} when the field is missing or null. */
    public boolean optionalBool(String name, boolean absent) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? absent : bool(name);
    }

    /** An optional integer within [min, max]; null when absent. */
    public Long optionalInteger(String name, long min, long max) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : integer(name, min, max);
    }

    /**
     * An optional list of at most {@code maxItems} strings of 1..maxChars characters each; null when
     * absent, empty when the list is.
     */
    public java.util.List<String> optionalTextList(String name, int maxItems, int maxChars) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ProtocolException.badRequest("field '" + name + "' must be a list of strings");
        }
        if (value.size() > maxItems) {
            throw ProtocolException.badRequest("field '" + name + "' has more than " + maxItems + " entries");
        }
        java.util.List<String> items = new java.util.ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isBlank()
                    || item.textValue().codePointCount(0, item.textValue().length()) > maxChars) {
                throw ProtocolException.badRequest("field '" + name + "' must hold non-empty strings of at most "
                        + maxChars + " characters");
            }
            items.add(item.textValue());
        }
        return java.util.List.copyOf(items);
    }
}
