package org.gammavo.adql.check;

import org.gammavo.adql.meta.Column;
import org.gammavo.adql.tree.Expr;

/**
 * One output column of a SELECT after {@code *} expansion.
 * @param name unique output name (alias, column name, or function name)
 * @param expr the select-list expression, or null for a column coming from a {@code *} expansion
 * @param source for {@code *} expansions: the column binding
 * @param column the published column when the value comes straight from one (for VOTable metadata), else null
 */
public record Output(String name, ValueType type, Expr expr, Binding source, Column column) { }
