package org.gammavo.adql.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A published table or view (TAP_SCHEMA.tables), its columns, foreign keys and optional sky position.
 * @param schema ADQL schema name (e.g. "ivoa", "TAP_SCHEMA", "TAP_UPLOAD"); never null
 * @param type "table" or "view"
 * @param dbSchema / dbName the database schema and table name (default: the ADQL names)
 */
public record Table(String schema, String name, String type, String description, String utype, List<Column> columns,
                    List<ForeignKey> foreignKeys, SkyPosition position, String dbSchema, String dbName) {
    public Table {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
        if (type == null) type = "table";
        if (dbSchema == null) dbSchema = schema;
        if (dbName == null) dbName = name;
        if (position != null && (find(columns, position.ra()) == null || find(columns, position.dec()) == null))
            throw new IllegalArgumentException("sky position columns not in table " + name);
    }

    /** "schema.name" as written in ADQL. */
    public String qualifiedName() { return schema + "." + name; }

    /** The column of that name (case-insensitive) or null. */
    public Column column(String n) { return find(columns, n); }

    private static Column find(List<Column> cols, String n) {
        for (Column c : cols) if (c.name().equalsIgnoreCase(n)) return c;
        return null;
    }

    public static Builder builder(String schema, String name) { return new Builder(schema, name); }

    /** Builder for a table; columns keep their declaration order. */
    public static final class Builder {
        private final String schema, name;
        private String type = "table", description, utype, dbSchema, dbName;
        private final List<Column> columns = new ArrayList<>();
        private final List<ForeignKey> keys = new ArrayList<>();
        private SkyPosition position;

        private Builder(String schema, String name) { this.schema = schema; this.name = name; }

        public Builder view() { type = "view"; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder utype(String v) { utype = v; return this; }
        /** The database schema/table when they differ from the ADQL names. */
        public Builder db(String schemaName, String tableName) { dbSchema = schemaName; dbName = tableName; return this; }
        public Builder column(Column c) { columns.add(c); return this; }
        public Builder column(Column.Builder c) { columns.add(c.build()); return this; }
        public Builder foreignKey(ForeignKey k) { keys.add(k); return this; }
        /** Declares the (ra, dec) pair in degrees that the spatial index covers. */
        public Builder position(String raColumn, String decColumn) { position = new SkyPosition(raColumn, decColumn); return this; }

        public Table build() {
            return new Table(schema, name, type, description, utype, columns, keys, position, dbSchema, dbName);
        }
    }
}
