package org.gammavo.adql.tree;

import java.util.List;

/** An item of the select list. */
public sealed interface SelectItem extends Node {
    /** {@code *} */
    record AllColumns(Pos pos) implements SelectItem { }

    /** {@code qualifier.*} where qualifier is a table name or alias (1 to 3 parts). */
    record QualifiedAll(List<Ident> qualifier, Pos pos) implements SelectItem {
        public QualifiedAll { qualifier = List.copyOf(qualifier); }
    }

    /** {@code expr [AS alias]}; alias may be null. */
    record Derived(Expr expr, Ident alias, Pos pos) implements SelectItem { }
}
