package org.gammavo.adql.check;

import java.util.List;

import org.gammavo.adql.meta.Table;
import org.gammavo.adql.tree.Ident;

/**
 * A FROM item as seen by name resolution: a published table, a derived table or a WITH query.
 * @param table the published table (null for derived tables and WITH queries)
 * @param alias the ADQL correlation name, or null
 * @param name the name the item is known by without alias (table or WITH name)
 */
public record Source(String sqlAlias, Ident alias, Table table, String name, List<Binding> columns) {
    /** For messages: "ivoa.obscore", or the alias/WITH name. */
    public String label() {
        if (table != null) return table.qualifiedName();
        return alias != null ? alias.name() : name;
    }
}
