package org.gammavo.adql.tree;

import java.util.List;

/** The root of a parsed ADQL query: optional WITH clause (2.1) and the query expression. */
public record Statement(List<WithQuery> with, QueryExpr body, Pos pos) implements Node {
    public Statement { with = List.copyOf(with); }
}
