package org.gammavo.bridge.domain;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a job's parameters against its description again, in the bridge: uws-service has validated them already,
 * but these values end up on a batch script's command line, so the bridge does not trust the topic (defence in
 * depth). Parameters the description does not name are dropped, defaults are filled in.
 */
public final class ParameterValidator {

    /** Longest value accepted; no parameter of an analysis needs more. */
    static final int MAX_LENGTH = 2000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private ParameterValidator() {
    }

    /**
     * @return the parameters to pass to the job: the described ones, with defaults, in description order
     * @throws InvalidParametersException naming every parameter that is wrong, and why
     */
    public static Map<String, String> validate(JobDescription description, Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (JobDescription.Parameter p : description.parameters()) {
            if (!NAME.matcher(p.name()).matches()) {
                problems.add("the job description names an unusable parameter '" + p.name() + "'");
                continue;
            }
            String value = find(given, p.name());
            if (value == null || value.isBlank()) {
                if (p.dflt() != null) {
                    value = p.dflt();
                } else {
                    if (p.required()) {
                        problems.add(p.name() + ": required");
                    }
                    continue;
                }
            }
            value = value.strip();
            String problem = check(p, value);
            if (problem != null) {
                problems.add(p.name() + ": " + problem);
            } else {
                out.put(p.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException("invalid parameters for " + description.id() + ": "
                    + String.join("; ", problems));
        }
        return out;
    }

    // UWS parameter names are case-insensitive (UWS 1.1 §2.2.3.4).
    private static String find(Map<String, String> given, String name) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String check(JobDescription.Parameter p, String v) {
        if (v.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "contains control characters";
        }
        String type = p.type() == null ? "string" : p.type();
        switch (type) {
            case "integer", "double" -> {
                double d;
                try {
                    d = type.equals("integer") ? Long.parseLong(v) : Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return "'" + v + "' is not " + (type.equals("integer") ? "an integer" : "a number");
                }
                if (!Double.isFinite(d)) {
                    return "'" + v + "' is not a finite number";
                }
                if (p.min() != null && d < p.min()) {
                    return v + " is below the minimum " + p.min();
                }
                if (p.max() != null && d > p.max()) {
                    return v + " is above the maximum " + p.max();
                }
            }
            case "boolean" -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    return "'" + v + "' is not true or false";
                }
            }
            case "enum" -> {
                if (!p.allowed().contains(v)) {
                    return "'" + v + "' is not one of " + p.allowed();
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$") ? v : v + "Z");
                } catch (DateTimeParseException e) {
                    return "'" + v + "' is not an ISO-8601 date-time";
                }
            }
            case "string", "file" -> {
                // Free text is quoted when it reaches the script; nothing more to check than the pattern.
            }
            default -> {
                return "unknown type '" + type + "' in the job description";
            }
        }
        if (p.pattern() != null && !Pattern.compile(p.pattern()).matcher(v).matches()) {
            return "'" + v + "' does not match " + p.pattern();
        }
        return null;
    }

    /** Parameters a job cannot run with: the job goes to ERROR with this message. */
    public static class InvalidParametersException extends RuntimeException {
        public InvalidParametersException(String message) {
            super(message);
        }
    }
}
