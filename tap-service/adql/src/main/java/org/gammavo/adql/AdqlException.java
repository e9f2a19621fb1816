package org.gammavo.adql;

import java.util.List;

/**
 * The one error type of the ADQL engine: a syntax, version, metadata or translation error located at
 * a line and column of the ADQL text (1-based; 0 when the error concerns the whole query).
 * A checker that finds several problems throws the first one and keeps all of them in {@link #all()}.
 */
public class AdqlException extends Exception {
    private final int line;
    private final int column;
    private final transient List<AdqlException> all;

    public AdqlException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
        this.all = List.of(this);
    }

    private AdqlException(AdqlException first, List<AdqlException> all) {
        super(first.getMessage());
        this.line = first.line;
        this.column = first.column;
        this.all = List.copyOf(all);
    }

    /** Bundles several errors (non-empty list); the first one gives message and position. */
    public static AdqlException of(List<AdqlException> errors) {
        return errors.size() == 1 ? errors.get(0) : new AdqlException(errors.get(0), errors);
    }

    public static AdqlException at(org.gammavo.adql.tree.Pos pos, String message) {
        return pos == null ? new AdqlException(message, 0, 0) : new AdqlException(message, pos.line(), pos.column());
    }

    /** 1-based line of the error, 0 if unknown. */
    public int line() { return line; }

    /** 1-based column of the error, 0 if unknown. */
    public int column() { return column; }

    /** All errors found (this one first). */
    public List<AdqlException> all() { return all; }

    @Override
    public String toString() {
        return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
    }
}
