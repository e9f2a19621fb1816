package org.gammavo.adql;

/**
 * The answer of {@code POST /tap/adql/parse} and {@code /tap/adql/translate}, field for field:
 * {@code {"valid": true|false, "message": ..., "line": ..., "column": ..., "sql": ...}}.
 * @param message null when valid
 * @param line 1-based, null when valid or when the error has no position
 * @param sql the translated SQL (translate only, when valid), else null
 */
public record ValidationResult(boolean valid, String message, Integer line, Integer column, String sql) {
    public static ValidationResult ok(String sql) { return new ValidationResult(true, null, null, null, sql); }

    public static ValidationResult error(AdqlException e) {
        return new ValidationResult(false, e.getMessage(), e.line() > 0 ? e.line() : null, e.line() > 0 ? e.column() : null, null);
    }
}
