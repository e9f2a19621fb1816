package org.gammavo.adql.tree;

import java.util.List;

/** A common table expression {@code name [(col, ...)] AS (query)} (ADQL 2.1 §4.4). */
public record WithQuery(Ident name, List<Ident> columns, QueryExpr query, Pos pos) implements Node {
    public WithQuery { columns = List.copyOf(columns); }
}
