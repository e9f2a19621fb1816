package org.gammavo.adql.tree;

import java.util.List;

/** {@code left UNION|INTERSECT|EXCEPT [ALL] right}, with an ORDER BY / OFFSET applying to the result. */
public record SetOperation(Kind kind, boolean all, QueryExpr left, QueryExpr right,
                           List<OrderItem> orderBy, Long offset, Pos pos) implements QueryExpr {
    public enum Kind { UNION, INTERSECT, EXCEPT }

    public SetOperation { orderBy = List.copyOf(orderBy); }
}
