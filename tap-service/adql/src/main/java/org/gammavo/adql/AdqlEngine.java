package org.gammavo.adql;

import java.util.List;
import java.util.OptionalLong;

import org.gammavo.adql.check.CheckedQuery;
import org.gammavo.adql.check.Checker;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.parser.QueryParser;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.PostgresTranslator;
import org.gammavo.adql.translate.TranslatedQuery;
import org.gammavo.adql.tree.Statement;

/**
 * Facade of the ADQL engine: parse, check against the published tables, translate to PostgreSQL.
 * Immutable and thread-safe; create one per set of user-defined functions and share it.
 */
public final class AdqlEngine {
    private final List<UserFunction> userFunctions;
    private final QueryParser parser;

    /** An engine without user-defined functions. */
    public AdqlEngine() { this(List.of()); }

    /** @param userFunctions the functions the service offers (they must exist in the database under their sqlName) */
    public AdqlEngine(List<UserFunction> userFunctions) {
        this.userFunctions = List.copyOf(userFunctions);
        this.parser = new QueryParser(this.userFunctions);
    }

    public List<UserFunction> userFunctions() { return userFunctions; }

    /** Syntax only (plus version rules, reserved words, known functions). */
    public Statement parse(String adql, AdqlVersion version) throws AdqlException {
        return parser.parse(adql, version);
    }

    /** Parses and checks against the tables (which may include this query's TAP_UPLOAD tables). */
    public CheckedQuery check(String adql, AdqlVersion version, TableSet tables) throws AdqlException {
        Statement s = parse(adql, version);
        try {
            return new Checker(tables, userFunctions).check(s);
        } catch (StackOverflowError e) {
            throw new AdqlException("the query is too complex", 0, 0);
        }
    }

    /**
     * Parses, checks and translates.
     * @param rowLimit optional overall row limit (e.g. MAXREC+1 so the caller can detect overflow); combined
     *                 with TOP, the smaller wins
     */
    public TranslatedQuery translate(String adql, AdqlVersion version, TableSet tables, Dialect dialect,
                                     OptionalLong rowLimit) throws AdqlException {
        return translate(check(adql, version, tables), dialect, rowLimit);
    }

    public TranslatedQuery translate(CheckedQuery checked, Dialect dialect, OptionalLong rowLimit) throws AdqlException {
        if (rowLimit.isPresent() && rowLimit.getAsLong() < 0) throw new AdqlException("row limit must not be negative", 0, 0);
        try {
            return dialect.translator(userFunctions).translate(checked, rowLimit);
        } catch (StackOverflowError e) {
            throw new AdqlException("the query is too complex", 0, 0);
        }
    }

    /** For {@code POST /tap/adql/parse}: never throws; version null/blank means 2.1. */
    public ValidationResult validateSyntax(String adql, String version) {
        try {
            parse(adql, AdqlVersion.parse(version));
            return ValidationResult.ok(null);
        } catch (IllegalArgumentException e) {
            return new ValidationResult(false, e.getMessage(), null, null, null);
        } catch (AdqlException e) {
            return ValidationResult.error(e);
        }
    }

    /** For {@code POST /tap/adql/translate}: checks against {@code tables}, returns the SQL when valid; never throws. */
    public ValidationResult validateTranslation(String adql, String version, TableSet tables, Dialect dialect) {
        try {
            return ValidationResult.ok(translate(adql, AdqlVersion.parse(version), tables, dialect, OptionalLong.empty()).sql());
        } catch (IllegalArgumentException e) {
            return new ValidationResult(false, e.getMessage(), null, null, null);
        } catch (AdqlException e) {
            return ValidationResult.error(e);
        }
    }
}
