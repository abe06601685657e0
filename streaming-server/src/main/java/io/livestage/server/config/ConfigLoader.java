package io.livestage.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads configuration in three layers: the built-in dev defaults ({@code livestage.yaml} on the
 * classpath, the same file as {@code config/livestage.yaml}), then an optional YAML file, then
 * {@code LIVESTAGE_*} environment variables. Every key of the defaults has a variable:
 * {@code limits.maxFrameBytes} is {@code LIVESTAGE_LIMITS_MAX_FRAME_BYTES}. Unknown keys and
 * unknown {@code LIVESTAGE_*} variables are errors, so a typo cannot silently be ignored.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "LIVESTAGE_";
    /** Names the configuration file; not a key itself. */
    public static final String CONFIG_FILE_VARIABLE = "LIVESTAGE_CONFIG";
    private static final String DEFAULTS = "livestage.yaml";
    /** {@code LIVESTAGE_AUTH_SECRET_FILE=/run/secrets/x}: the setting's value is that file's contents. */
    public static final String FILE_SUFFIX = "_FILE";

    private final ObjectMapper yaml = YAMLMapper.builder().build();
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private ConfigLoader() {
    }

    /**
     * @param file a YAML file layered over the defaults, or null
     * @param env  the environment (System.getenv() in production, a map in tests)
     */
    public static LiveStageConfig load(Path file, Map<String, String> env) {
        return new ConfigLoader().loadLayers(file, env);
    }

    private LiveStageConfig loadLayers(Path file, Map<String, String> env) {
        ObjectNode tree = defaults();
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        Set<String> known = new TreeSet<>();
        applyEnvironment(tree, "", env, known);
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_FILE_VARIABLE) && !known.contains(name)) {
                throw new ConfigException("unknown setting " + name + " (known: " + String.join(", ", known) + ")");
            }
        }
        try {
            return json.treeToValue(tree, LiveStageConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("invalid configuration: " + cause.getMessage(), e);
        } catch (JacksonException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new ConfigException("the built-in " + DEFAULTS + " is missing from the classpath");
            }
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read the built-in " + DEFAULTS, e);
        }
    }

    private ObjectNode readFile(Path file) {
        try {
            JsonNode node = yaml.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + " must be a YAML mapping of keys");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code overlay} onto {@code base}; keys the defaults lack are errors. */
    private static void merge(ObjectNode base, ObjectNode overlay, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = path + field.getKey();
            JsonNode current = base.get(field.getKey());
            if (current == null) {
                throw new ConfigException("unknown configuration key '" + key + "'");
            }
            if (current.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) field.getValue(), key + ".");
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private void applyEnvironment(ObjectNode node, String path, Map<String, String> env, Set<String> known) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = path + field.getKey();
            if (field.getValue().isObject()) {
                applyEnvironment((ObjectNode) field.getValue(), key + ".", env, known);
                continue;
            }
            String variable = variableName(key);
            known.add(variable);
            known.add(variable + FILE_SUFFIX);
            String value = valueOf(variable, env);
            if (value != null) {
                field.setValue(parse(variable, field.getValue(), value));
            }
        }
    }

    /**
     * The variable's value, or the contents of the file {@code <variable>_FILE} names (Docker and
     * Kubernetes secrets are files, and a secret in the environment shows in process listings),
     * without the final line break; null when neither is set. Both at once is an error.
     */
    private static String valueOf(String variable, Map<String, String> env) {
        String value = env.get(variable);
        String file = env.get(variable + FILE_SUFFIX);
        if (file == null) {
            return value;
        }
        if (value != null) {
            throw new ConfigException(variable + " and " + variable + FILE_SUFFIX + " are both set; set one");
        }
        try {
            return Files.readString(Path.of(file)).replaceAll("\\R\\z", "");
        } catch (IOException e) {
            throw new ConfigException(variable + FILE_SUFFIX + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private JsonNode parse(String variable, JsonNode current, String value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String trimmed = value.trim();
        try {
            if (current.isBoolean()) {
                if (!trimmed.equals("true") && !trimmed.equals("false")) {
                    throw new ConfigException(variable + " must be true or false, was '" + value + "'");
                }
                return nodes.booleanNode(Boolean.parseBoolean(trimmed));
            }
            if (current.isNumber()) {
                // Integral settings reject fractions when bound (ACCEPT_FLOAT_AS_INT is off).
                return trimmed.matches("-?\\d+") ? nodes.numberNode(Long.parseLong(trimmed))
                        : nodes.numberNode(Double.parseDouble(trimmed));
            }
            if (current.isContainerNode()) {
                return json.readTree(trimmed);
            }
            return nodes.textNode(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + " must be a number, was '" + value + "'");
        } catch (IOException e) {
            throw new ConfigException(variable + " must be JSON, was '" + value + "'");
        }
    }

    /** {@code limits.maxFrameBytes} becomes {@code LIVESTAGE_LIMITS_MAX_FRAME_BYTES}. */
    static String variableName(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }
}
