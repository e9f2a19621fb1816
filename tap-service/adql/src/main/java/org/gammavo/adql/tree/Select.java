package org.gammavo.adql.tree;

import java.util.List;

/**
 * A SELECT query specification.
 * @param top TOP n or null
 * @param where condition or null
 * @param having condition or null
 * @param offset OFFSET n or null (2.1)
 */
public record Select(boolean distinct, Long top, List<SelectItem> items, List<FromItem> from, Expr where,
                     List<Expr> groupBy, Expr having, List<OrderItem> orderBy, Long offset, Pos pos)
        implements QueryExpr {
    public Select {
        items = List.copyOf(items); from = List.copyOf(from);
        groupBy = List.copyOf(groupBy); orderBy = List.copyOf(orderBy);
    }

    public Select withOrderAndOffset(List<OrderItem> newOrder, Long newOffset) {
        return new Select(distinct, top, items, from, where, groupBy, having, newOrder, newOffset, pos);
    }

    public Select withTop(Long newTop) {
        return new Select(distinct, newTop, items, from, where, groupBy, having, orderBy, offset, pos);
    }
}
