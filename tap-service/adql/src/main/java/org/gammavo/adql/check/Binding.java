package org.gammavo.adql.check;

import org.gammavo.adql.meta.Column;

/**
 * What a column reference resolved to.
 * @param sqlQualifier SQL alias of the FROM item, or null for a column merged by a USING/NATURAL join
 * @param sqlName column name in SQL (database name or output name of a subquery)
 * @param column the published column if the value comes straight from a table column, else null
 * @param sourceLabel the FROM item the column belongs to, for messages
 */
public record Binding(String sqlQualifier, String sqlName, String adqlName, ValueType type, Column column, String sourceLabel) { }
