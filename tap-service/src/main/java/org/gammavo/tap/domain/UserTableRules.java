package org.gammavo.tap.domain;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Rules of persistent user tables (issue #18): where a user's tables live and which names they may have. A user's
 * tables are in the ADQL schema {@code tap_user_<owner>} (the same name in the database), a table name is an ADQL
 * regular identifier of at most 64 characters that is not a reserved word, kept in lower case (regular identifiers
 * are case-insensitive, so "Sources" and "sources" are one table).
 */
public final class UserTableRules {

    /** Longest table name. */
    public static final int MAX_NAME = 64;

    /** Names the service uses itself: TAP_SCHEMA and TAP_UPLOAD look-alikes would only confuse clients. */
    private static final List<String> SERVICE_NAMES = List.of("tap_schema", "tap_upload", "obscore", "obscore_hea",
            "schemas", "tables", "columns", "keys", "key_columns");

    private UserTableRules() {
    }

    /**
     * The schema of {@code owner}'s tables: {@code tap_user_<owner>} when the owner's name is a plain lower-case
     * identifier (the demo accounts), else a readable part plus a hash of the exact name, so that two owners never
     * share a schema and the name is always a safe SQL identifier.
     */
    public static String schemaOf(String owner) {
        if (owner.matches("[a-z][a-z0-9_]{0,39}")) return "tap_user_" + owner;
        String readable = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (readable.length() > 20) readable = readable.substring(0, 20);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return "tap_user_" + readable + "_" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a table name and returns it in lower case.
     * @throws TapRequest.InvalidRequest with the reason when the name is not allowed
     */
    public static String tableName(String name, AdqlEngine engine) throws TapRequest.InvalidRequest {
        if (name == null || name.isBlank()) throw new TapRequest.InvalidRequest("missing table name");
        String n = name.trim();
        if (n.length() > MAX_NAME) {
            throw new TapRequest.InvalidRequest("table name '" + n + "' is longer than " + MAX_NAME + " characters");
        }
        if (!n.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new TapRequest.InvalidRequest("table name '" + n + "' is not an ADQL regular identifier "
                    + "(a letter, then letters, digits or _)");
        }
        // the parser knows the reserved words (ADQL 2.1 §2.1.2): a reserved name fails as a plain column reference
        try {
            engine.parse("SELECT " + n + " FROM t", AdqlVersion.V2_1);
        } catch (AdqlException e) {
            throw new TapRequest.InvalidRequest("table name '" + n + "' is a reserved ADQL/SQL word");
        }
        String lower = n.toLowerCase(Locale.ROOT);
        if (SERVICE_NAMES.contains(lower) || lower.startsWith("tap_") || lower.startsWith("pg_")) {
            throw new TapRequest.InvalidRequest("table name '" + n + "' is reserved by the service");
        }
        return lower;
    }
}
