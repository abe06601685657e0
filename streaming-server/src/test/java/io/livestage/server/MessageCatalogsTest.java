package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every language of the web client has every message: a key missing in one would show its name. */
class MessageCatalogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hindiHasEveryEnglishKeyAndNoOther() throws Exception {
        JsonNode en = catalog("en");
        JsonNode hi = catalog("hi");
        assertEquals(keys(en), keys(hi));
        for (Iterator<String> it = hi.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertFalse(hi.path(key).asText().isBlank(), "hi." + key + " is empty");
            assertEquals(placeholders(en.path(key).asText()), placeholders(hi.path(key).asText()),
                    "hi." + key + " names the same {placeholders} as en");
        }
    }

    private static JsonNode catalog(String language) throws Exception {
        try (InputStream in = MessageCatalogsTest.class.getClassLoader().getResourceAsStream("web/i18n/" + language + ".json")) {
            return JSON.readTree(in);
        }
    }

    private static Set<String> keys(JsonNode catalog) {
        Set<String> keys = new TreeSet<>();
        catalog.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
