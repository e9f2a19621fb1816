package org.gammavo.adql.tree;

/** An ORDER BY item: a column name or alias, a 1-based select-list index, or (2.1) any expression. */
public record OrderItem(Expr expr, boolean descending, Pos pos) implements Node { }
