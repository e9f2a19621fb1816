package org.gammavo.uws.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks job parameters against a {@link JobDescription}: names (case-insensitive), types, ranges, allowed values,
 * patterns, and — before a job runs — that the required ones are there.
 *
 * <p>Values are kept as the client wrote them; only the names are respelled as the description spells them, so the
 * executor sees {@code QUERY} whether the client sent {@code query} or {@code Query}.
 */
public final class ParameterValidator {

    private ParameterValidator() {
    }

    /**
     * Validates {@code given} (client names → values) and returns them under the description's names.
     *
     * @param uploads names of the parameters that arrived as uploaded files
     * @throws InvalidParameterException naming the first parameter that is wrong
     */
    public static Map<String, String> check(JobDescription d, Map<String, String> given, java.util.Set<String> uploads) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : given.entrySet()) {
            var p = d.parameter(e.getKey());
            if (p.isEmpty()) {
                if (!d.acceptsUnknownParameters()) {
                    throw new InvalidParameterException(e.getKey(), "unknown parameter " + e.getKey() + " for job list "
                            + d.id() + "; known: " + d.parameters().stream().map(ParameterDescription::name).toList());
                }
                out.put(e.getKey(), e.getValue());
                continue;
            }
            boolean uploaded = uploads.stream().anyMatch(u -> u.equalsIgnoreCase(e.getKey()));
            checkValue(p.get(), e.getValue(), uploaded);
            out.put(p.get().name(), e.getValue());
        }
        return out;
    }

    /** Adds the defaults of parameters not given and refuses a job that lacks a required one (before RUN). */
    public static Map<String, String> completeForRun(JobDescription d, Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>(params);
        for (ParameterDescription p : d.parameters()) {
            if (out.containsKey(p.name())) {
                continue;
            }
            if (p.defaultValue() != null) {
                out.put(p.name(), p.defaultValue());
            } else if (p.required()) {
                throw new InvalidParameterException(p.name(), "missing required parameter " + p.name()
                        + " (" + p.description() + ")");
            }
        }
        return out;
    }

    /** Checks one value against its description; {@code uploaded} says whether it came as a multipart file. */
    public static void checkValue(ParameterDescription p, String value, boolean uploaded) {
        String n = p.name();
        if (p.type() == ParameterType.FILE) {
            if (!uploaded) {
                throw new InvalidParameterException(n, "parameter " + n + " is a file: upload it as multipart/form-data");
            }
            return;
        }
        if (uploaded) {
            throw new InvalidParameterException(n, "parameter " + n + " is a " + p.type().jsonName() + ", not a file");
        }
        if (value == null || value.isEmpty()) {
            throw new InvalidParameterException(n, "parameter " + n + " is empty");
        }
        switch (p.type()) {
            case INTEGER -> {
                try {
                    inRange(p, Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be an integer, not '" + value + "'");
                }
            }
            case DOUBLE -> {
                double v;
                try {
                    v = Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be a number, not '" + value + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be a finite number");
                }
                inRange(p, v);
            }
            case BOOLEAN -> {
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be true or false, not '" + value + "'");
                }
            }
            case ENUM -> {
                if (!p.allowed().contains(value)) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be one of " + p.allowed()
                            + ", not '" + value + "'");
                }
            }
            case DATETIME -> {
                if (!isDateTime(value.trim())) {
                    throw new InvalidParameterException(n, "parameter " + n
                            + " must be an ISO-8601 date-time (YYYY-MM-DDThh:mm:ss[Z]), not '" + value + "'");
                }
            }
            case STRING -> {
                if (p.pattern() != null && !Pattern.compile(p.pattern()).matcher(value).find()) {
                    throw new InvalidParameterException(n, "parameter " + n + " '" + value + "' does not match "
                            + p.pattern());
                }
            }
            default -> {
            }
        }
    }

    /** Checks the description's own consistency; used when loading a description file. */
    public static void checkDescription(ParameterDescription p) {
        if (p.type() == ParameterType.ENUM && p.allowed().isEmpty()) {
            throw new IllegalArgumentException("enum parameter " + p.name() + " has no 'allowed' values");
        }
        if (p.pattern() != null) {
            try {
                Pattern.compile(p.pattern());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("parameter " + p.name() + ": bad pattern: " + e.getDescription());
            }
        }
        if (p.min() != null && p.max() != null && p.min() > p.max()) {
            throw new IllegalArgumentException("parameter " + p.name() + ": min > max");
        }
        if (p.defaultValue() != null && p.type() != ParameterType.FILE) {
            try {
                checkValue(p, p.defaultValue(), false);
            } catch (InvalidParameterException e) {
                throw new IllegalArgumentException("default of " + e.getMessage());
            }
        }
    }

    private static void inRange(ParameterDescription p, double v) {
        if ((p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
            throw new InvalidParameterException(p.name(), "parameter " + p.name() + " = " + v + " is outside ["
                    + (p.min() == null ? "-inf" : p.min()) + ", " + (p.max() == null ? "inf" : p.max()) + "]"
                    + (p.unit() == null ? "" : " " + p.unit()));
        }
    }

    private static boolean isDateTime(String v) {
        try {
            Instant.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            try {
                // DALI 1.1 §3.3.3 timestamps carry no zone: UTC is implied.
                LocalDateTime.parse(v);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }
}
