package org.gammavo.adql.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user-defined function the service offers (ADQL 2.1 §2.5 / TAPRegExt "udf" language feature).
 * @param name ADQL name (case-insensitive)
 * @param params parameter types as ADQL type names (INTEGER, DOUBLE, VARCHAR, POINT, REGION, ...)
 * @param returnType ADQL type name of the result (BIGINT, DOUBLE, BOOLEAN, ...), or null when not declared (the
 *                   checker then accepts the result wherever a value may stand)
 * @param sqlName name of the database function the translator calls (defaults to the ADQL name)
 * @param description for TAPRegExt and error messages (may be null)
 */
public record UserFunction(String name, List<String> params, String returnType, String sqlName, String description) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\((.*?)\\)\\s*(?:->\\s*([A-Za-z][A-Za-z ]*?)\\s*(?:\\(\\s*(?:\\d+|\\*)\\s*\\))?\\s*)?");

    public UserFunction {
        params = List.copyOf(params);
        if (sqlName == null) sqlName = name.toLowerCase(Locale.ROOT);
        if (!sqlName.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?"))
            throw new IllegalArgumentException("unsafe SQL function name " + sqlName);
    }

    /**
     * Parses a TAPRegExt form such as {@code ivo_healpix_index(hpxOrder INTEGER, long REAL, lat REAL) -> BIGINT}
     * ({@code -> type} may be missing; a length may be {@code (n)} or {@code (*)}).
     * @throws IllegalArgumentException if the form cannot be read
     */
    public static UserFunction parseForm(String form, String description) {
        Matcher m = FORM.matcher(form);
        if (!m.matches()) throw new IllegalArgumentException("cannot read function form: " + form);
        List<String> types = new ArrayList<>();
        String ps = m.group(2).trim();
        if (!ps.isEmpty()) {
            for (String p : ps.split(",")) {
                String[] w = p.trim().split("\\s+", 2);
                types.add((w.length == 2 ? w[1] : w[0]).toUpperCase(Locale.ROOT));
            }
        }
        return new UserFunction(m.group(1), types, m.group(3) == null ? null : m.group(3).toUpperCase(Locale.ROOT), null, description);
    }

    /** The key the function is registered under (lower-case name). */
    public String key() { return name.toLowerCase(Locale.ROOT); }
}
