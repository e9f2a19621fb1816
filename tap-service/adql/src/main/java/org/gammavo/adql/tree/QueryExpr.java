package org.gammavo.adql.tree;

import java.util.List;

/** A query expression: a SELECT or a set operation (UNION/INTERSECT/EXCEPT) of query expressions. */
public sealed interface QueryExpr extends Node permits Select, SetOperation {
    /** ORDER BY applying to the whole query expression (empty if none). */
    List<OrderItem> orderBy();
    /** OFFSET of the whole query expression or null. */
    Long offset();
}
