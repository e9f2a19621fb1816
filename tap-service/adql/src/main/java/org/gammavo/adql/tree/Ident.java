package org.gammavo.adql.tree;

import java.util.Locale;

/**
 * An identifier. Regular identifiers are case-insensitive; delimited ("quoted") ones are exact.
 * @param name the text without quotes (doubled quotes already collapsed)
 */
public record Ident(String name, boolean delimited, Pos pos) implements Node {
    /** The comparison key: lower case for regular identifiers, exact for delimited ones. */
    public String key() { return delimited ? name : name.toLowerCase(Locale.ROOT); }

    /** True when this identifier denotes the given name per ADQL case rules. */
    public boolean matches(String other) {
        return delimited ? name.equals(other) : name.equalsIgnoreCase(other);
    }

    public static Ident of(String name) { return new Ident(name, false, Pos.NONE); }
}
