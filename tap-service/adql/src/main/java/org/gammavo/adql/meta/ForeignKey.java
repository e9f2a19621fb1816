package org.gammavo.adql.meta;

import java.util.List;

/**
 * A foreign key of a table (TAP_SCHEMA.keys / key_columns).
 * @param targetTable qualified ADQL name of the referenced table ("schema.table")
 * @param fromColumns columns of this table, in order
 * @param targetColumns referenced columns, same order
 */
public record ForeignKey(String keyId, String targetTable, List<String> fromColumns, List<String> targetColumns,
                         String description, String utype) {
    public ForeignKey {
        fromColumns = List.copyOf(fromColumns);
        targetColumns = List.copyOf(targetColumns);
        if (fromColumns.size() != targetColumns.size()) throw new IllegalArgumentException("key column counts differ");
    }
}
