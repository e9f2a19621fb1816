package org.gammavo.adql.tree;

import java.util.List;

/** An item of the FROM clause. */
public sealed interface FromItem extends Node {
    /** A published table {@code [[catalog.]schema.]table [AS alias]}; schema/catalog/alias may be null. */
    record TableRef(Ident catalog, Ident schema, Ident table, Ident alias, Pos pos) implements FromItem { }

    /** {@code (query) [AS] alias}. */
    record Derived(QueryExpr query, Ident alias, Pos pos) implements FromItem { }

    /**
     * A join. {@code on} and {@code using} are mutually exclusive; both null for NATURAL and CROSS joins and for a
     * join written without specification ({@code a JOIN b}, a cross join; translated with {@code ON TRUE}).
     */
    record Join(JoinType type, boolean natural, FromItem left, FromItem right, Expr on, List<Ident> using, Pos pos)
            implements FromItem {
        public Join { using = using == null ? null : List.copyOf(using); }
    }

    enum JoinType { INNER, LEFT, RIGHT, FULL, CROSS }
}
