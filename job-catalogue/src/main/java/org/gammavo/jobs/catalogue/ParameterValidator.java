package org.gammavo.jobs.catalogue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one validator of job parameters, used by uws-service when a client gives them and by slurm-bridge again before
 * they reach a batch script: names (case-insensitive), types, ranges, allowed values, patterns, and — before a job
 * runs — that the required ones are there (defaults filled in).
 *
 * <p>Rules, the same everywhere: a {@code pattern} must match the <em>whole</em> value ({@link java.util.regex.Matcher#matches()};
 * {@code ^}/{@code $} in a pattern are allowed and change nothing); a description with an unknown type is refused
 * when it is parsed ({@link JobDescriptionParser}); values are never stripped: a typed or patterned value with white
 * space at either end is refused, free text is kept byte for byte.
 *
 * <p>Values are kept as the client wrote them; only the names are respelled as the description spells them, so the
 * executor sees {@code QUERY} whether the client sent {@code query} or {@code Query}. That is why typed values are
 * checked strictly, by the spelling the executors accept, not by what Java's parsers happen to take: a double is
 * plain decimal or scientific notation ({@link #DOUBLE}; Java's {@code Double.parseDouble} also takes {@code 83.6d}
 * and {@code 0x1p6}, which the gammapy analysis — Python's {@code float()} through argparse — refuses at run time),
 * an integer is decimal digits ({@link #INTEGER}; {@code Long.parseLong} also takes non-ASCII digits), and no
 * typed value has white space at either end or a control character. Free text (an ADQL QUERY) may hold line
 * breaks and tabs but no other control character (PostgreSQL refuses NUL in text).
 */
public final class ParameterValidator {

    /** A double as the executors read it: a strict subset of Python's {@code float()} and of Java's parser. */
    public static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    /** An integer: optional sign and ASCII decimal digits. */
    public static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private ParameterValidator() {
    }

    /**
     * Refuses a parameter name with a control character (a NUL cannot even be stored).
     *
     * @throws InvalidParameterException naming the offending character
     */
    public static void checkName(String name) {
        int bad = firstControl(name, false);
        if (bad >= 0) {
            throw new InvalidParameterException(shown(name), "malformed parameter name '" + shown(name)
                    + "': it contains the control character " + codePoint(name, bad));
        }
    }

    /** Refuses a single-token value (a UWS control parameter such as RUNID) with a control character. */
    public static void checkToken(String name, String value) {
        int bad = value == null ? -1 : firstControl(value, false);
        if (bad >= 0) {
            throw new InvalidParameterException(name, name + " must not contain the control character "
                    + codePoint(value, bad));
        }
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
                checkText(e.getKey(), e.getValue());
                out.put(e.getKey(), e.getValue());
                continue;
            }
            boolean uploaded = uploads.stream().anyMatch(u -> u.equalsIgnoreCase(e.getKey()));
            checkValue(p.get(), e.getValue(), uploaded);
            out.put(p.get().name(), e.getValue());
        }
        return out;
    }

    /**
     * Every problem of {@code given} at once, for a caller that reports them together (the bridge's job error): one
     * {@link InvalidParameterException} per wrong parameter, in the order given; empty when all are right.
     */
    public static java.util.List<InvalidParameterException> problems(JobDescription d, Map<String, String> given,
                                                                     java.util.Set<String> uploads) {
        java.util.List<InvalidParameterException> out = new java.util.ArrayList<>();
        for (var e : given.entrySet()) {
            try {
                check(d, java.util.Collections.singletonMap(e.getKey(), e.getValue()), uploads);
            } catch (InvalidParameterException x) {
                out.add(x);
            }
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
        if (p.type() == ParameterType.STRING && p.pattern() == null) {
            checkText(n, value);
        } else {
            checkStrict(n, value);
        }
        switch (p.type()) {
            case INTEGER -> {
                if (!INTEGER.matcher(value).matches()) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be a decimal integer, not '"
                            + value + "'");
                }
                try {
                    inRange(p, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(n, "parameter " + n + " = " + value + " is too large");
                }
            }
            case DOUBLE -> {
                if (!DOUBLE.matcher(value).matches()) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be a number in decimal or "
                            + "scientific notation (e.g. 83.63 or 8.363e1), not '" + value + "'");
                }
                double v = Double.parseDouble(value);
                if (!Double.isFinite(v)) {
                    throw new InvalidParameterException(n, "parameter " + n + " must be a finite number, not '"
                            + value + "'");
                }
                inRange(p, v);
            }
            case BOOLEAN -> {
                String v = value.toLowerCase(Locale.ROOT);
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
                if (!isDateTime(value)) {
                    throw new InvalidParameterException(n, "parameter " + n
                            + " must be an ISO-8601 date-time (YYYY-MM-DDThh:mm:ss[Z]), not '" + value + "'");
                }
            }
            case STRING -> {
                if (p.pattern() != null && !Pattern.compile(p.pattern()).matcher(value).matches()) {
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

    /** Free text: line breaks and tabs are fine (multi-line ADQL), other control characters are not. */
    private static void checkText(String n, String value) {
        int bad = value == null ? -1 : firstControl(value, true);
        if (bad >= 0) {
            throw new InvalidParameterException(n, "parameter " + n + " contains the control character "
                    + codePoint(value, bad));
        }
    }

    /** A typed value or a patterned string: no control character at all, no white space at either end. */
    private static void checkStrict(String n, String value) {
        int bad = firstControl(value, false);
        if (bad >= 0) {
            throw new InvalidParameterException(n, "parameter " + n + " contains the control character "
                    + codePoint(value, bad) + " ('" + shown(value) + "')");
        }
        if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            throw new InvalidParameterException(n, "parameter " + n + " has white space at its start or end ('"
                    + value + "')");
        }
    }

    /** Index of the first control character (tab, CR and LF allowed when {@code lineBreaksAllowed}), or -1. */
    private static int firstControl(String s, boolean lineBreaksAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    private static String codePoint(String s, int i) {
        return String.format("U+%04X", (int) s.charAt(i));
    }

    /** The value with its control characters written as \\uXXXX, for messages. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.toString();
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
