package org.gammavo.uws.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gammavo.uws.domain.JobDescription;
import org.gammavo.uws.domain.ParameterDescription;
import org.gammavo.uws.domain.ParameterType;
import org.gammavo.uws.domain.ParameterValidator;
import org.gammavo.uws.domain.ResultDescription;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one job description file (the shared JSON format, see docs/uws.md) into a {@link JobDescription},
 * refusing an inconsistent one with a message that names the field.
 */
public final class JobDescriptionParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobDescriptionParser() {
    }

    /**
     * @param expectedId the job list name the file is for (its file name without {@code .json})
     * @throws IllegalArgumentException if the file is not a valid description
     */
    public static JobDescription parse(String json, String expectedId) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
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
