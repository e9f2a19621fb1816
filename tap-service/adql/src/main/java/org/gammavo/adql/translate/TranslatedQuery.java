package org.gammavo.adql.translate;

import java.util.List;
import java.util.OptionalLong;

/**
 * The SQL to run (one SELECT, no trailing semicolon) and the result columns, in order.
 * @param rowLimit the LIMIT that was applied for the caller's row limit (e.g. MAXREC+1), if any
 */
public record TranslatedQuery(String sql, List<OutputColumn> columns, Dialect dialect, OptionalLong rowLimit) {
    public TranslatedQuery { columns = List.copyOf(columns); }
}
