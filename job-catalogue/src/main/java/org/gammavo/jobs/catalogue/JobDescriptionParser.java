package org.gammavo.jobs.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one job description file (the shared JSON format, see docs/job-catalogue.md) into a {@link JobDescription},
 * refusing an inconsistent one with a message that names the field.
 *
 * <p>A description may start from shared fragments: {@code "include": ["analysis"]} takes the parameters of
 * {@code job-descriptions/common/analysis.json} first, in their order. A parameter of the description itself with
 * the name of an included one changes only the fields it gives (e.g. {@code {"name": "radius", "default": "1.5"}})
 * and keeps its place; the others follow the included ones.
 */
public final class JobDescriptionParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where shipped fragments live: {@code job-descriptions/common/<name>.json} on the class path. */
    public static final String FRAGMENTS = "job-descriptions/common/";

    private JobDescriptionParser() {
    }

    /** Parses a description whose fragments come from the class path ({@link #FRAGMENTS}). */
    public static JobDescription parse(String json, String expectedId) {
        return parse(json, expectedId, JobDescriptionParser::shippedFragment);
    }

    /**
     * @param expectedId the job list name the file is for (its file name without {@code .json})
     * @param fragments  the text of a fragment by name, empty if there is none
     * @throws IllegalArgumentException if the file is not a valid description
     */
    public static JobDescription parse(String json, String expectedId, Function<String, Optional<String>> fragments) {
        ObjectNode root = object(json, "");
        root.set("parameters", merged(root, fragments));
        String id = text(root, "id", true);
        if (!id.equals(expectedId)) {
            throw new IllegalArgumentException("id '" + id + "' differs from the file name '" + expectedId + "'");
        }
        if (!id.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("id '" + id + "' must be lower-case letters, digits and '-'");
        }
        String executor = text(root, "executor", true);
        if (!JobDescription.EXECUTORS.contains(executor)) {
            throw new IllegalArgumentException("executor must be one of " + JobDescription.EXECUTORS);
        }
        Duration destruction;
        try {
            destruction = Duration.parse(text(root, "defaultDestruction", false) == null ? "P7D"
                    : text(root, "defaultDestruction", false));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("defaultDestruction is not an ISO-8601 duration (e.g. P7D)");
        }
        List<ParameterDescription> params = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode p : root.path("parameters")) {
            ParameterDescription pd = parameter(p);
            if (!names.add(pd.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("parameter " + pd.name() + " is defined twice");
            }
            params.add(pd);
        }
        List<ResultDescription> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            results.add(new ResultDescription(text(r, "name", true), text(r, "mimeType", true),
                    text(r, "description", false)));
        }
        long maxDuration = root.path("maxExecutionDuration").asLong(0);
        long defaultDuration = root.path("defaultExecutionDuration").asLong(0);
        if (maxDuration < 0 || defaultDuration < 0 || root.path("typicalRuntime").asLong(0) < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        return new JobDescription(id, text(root, "version", true), text(root, "title", true),
                text(root, "description", true), executor, root.path("anonymous").asBoolean(false),
                root.path("typicalRuntime").asLong(0), defaultDuration, maxDuration, destruction, params, results);
    }

    /** The included fragments' parameters, overridden and extended by the description's own. */
    private static ArrayNode merged(ObjectNode root, Function<String, Optional<String>> fragments) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        if (root.has("include") && !root.get("include").isArray()) {
            throw new IllegalArgumentException("include must be an array of fragment names");
        }
        for (JsonNode include : root.path("include")) {
            String name = include.asText();
            if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("include '" + name + "' is not a fragment name");
            }
            String text = fragments.apply(name).orElseThrow(() -> new IllegalArgumentException(
                    "included fragment '" + name + "' does not exist"));
            for (JsonNode p : object(text, "fragment " + name + ": ").path("parameters")) {
                String key = p.path("name").asText().toLowerCase(Locale.ROOT);
                if (byName.putIfAbsent(key, ((ObjectNode) p).deepCopy()) != null) {
                    throw new IllegalArgumentException("parameter " + key + " is defined twice by the fragments");
                }
            }
        }
        Set<String> seen = new HashSet<>();
        ArrayNode out = MAPPER.createArrayNode();
        List<JsonNode> extra = new ArrayList<>();
        for (JsonNode p : root.path("parameters")) {
            if (!p.isObject()) {
                throw new IllegalArgumentException("parameters must be JSON objects");
            }
            String key = p.path("name").asText().toLowerCase(Locale.ROOT);
            ObjectNode base = byName.get(key);
            if (base != null && seen.add(key)) {
                ObjectNode changes = ((ObjectNode) p).deepCopy();
                changes.remove("name"); // the fragment's spelling stays
                base.setAll(changes);
            } else {
                extra.add(p);
            }
        }
        byName.values().forEach(out::add);
        extra.forEach(out::add);
        return out;
    }

    private static ObjectNode object(String json, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + "not a JSON object");
        }
        return (ObjectNode) root;
    }

    private static Optional<String> shippedFragment(String name) {
        try (InputStream in = JobDescriptionParser.class.getClassLoader().getResourceAsStream(FRAGMENTS + name + ".json")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fragment " + name, e);
        }
    }

    private static ParameterDescription parameter(JsonNode p) {
        String name = text(p, "name", true);
        String typeName = text(p, "type", true);
        ParameterType type = ParameterType.fromJson(typeName).orElseThrow(() -> new IllegalArgumentException(
                "parameter " + name + ": unknown type '" + typeName + "'"));
        if (!p.hasNonNull("description")) {
            throw new IllegalArgumentException("parameter " + name + " has no description");
        }
        List<String> allowed = new ArrayList<>();
        p.path("allowed").forEach(a -> allowed.add(a.asText()));
        ParameterDescription pd = new ParameterDescription(name, type, p.path("required").asBoolean(false),
                p.get("description").asText(), text(p, "unit", false), text(p, "ucd", false),
                p.hasNonNull("default") ? p.get("default").asText() : null,
                p.hasNonNull("min") ? p.get("min").asDouble() : null,
                p.hasNonNull("max") ? p.get("max").asDouble() : null, allowed, text(p, "pattern", false));
        ParameterValidator.checkDescription(pd);
        return pd;
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return null;
        }
        return v.asText();
    }
}
