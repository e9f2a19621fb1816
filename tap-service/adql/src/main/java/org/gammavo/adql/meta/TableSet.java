package org.gammavo.adql.meta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables a service publishes: exactly what TAP_SCHEMA describes and the only tables a query can reach.
 * Immutable; {@link #withUploads} gives a per-query copy including TAP_UPLOAD tables.
 */
public final class TableSet {
    /** The schema of per-query uploaded tables (TAP 1.1 §3.3.4). */
    public static final String UPLOAD_SCHEMA = "TAP_UPLOAD";

    private final Map<String, Table> byKey;          // "schema.table" lower case
    private final Map<String, List<Table>> byName;   // "table" lower case
    private final Map<String, String> schemaDescriptions;

    private TableSet(Collection<Table> tables, Map<String, String> schemaDescriptions) {
        Map<String, Table> k = new LinkedHashMap<>();
        Map<String, List<Table>> n = new LinkedHashMap<>();
        for (Table t : tables) {
            if (k.put(key(t.schema(), t.name()), t) != null)
                throw new IllegalArgumentException("table declared twice: " + t.qualifiedName());
            n.computeIfAbsent(t.name().toLowerCase(Locale.ROOT), x -> new ArrayList<>()).add(t);
        }
        this.byKey = k;
        this.byName = n;
        this.schemaDescriptions = Map.copyOf(schemaDescriptions);
    }

    private static String key(String schema, String table) {
        return (schema + "." + table).toLowerCase(Locale.ROOT);
    }

    public static Builder builder() { return new Builder(); }

    /** All tables in declaration order. */
    public List<Table> tables() { return List.copyOf(byKey.values()); }

    /** Schema names in declaration order (for TAP_SCHEMA.schemas). */
    public List<String> schemas() {
        List<String> out = new ArrayList<>();
        for (Table t : byKey.values()) if (out.stream().noneMatch(s -> s.equalsIgnoreCase(t.schema()))) out.add(t.schema());
        return out;
    }

    /** Description of a schema or null. */
    public String schemaDescription(String schema) { return schemaDescriptions.get(schema.toLowerCase(Locale.ROOT)); }

    /** The table schema.name (case-insensitive) or null. */
    public Table find(String schema, String name) { return byKey.get(key(schema, name)); }

    /** All tables named {@code name} in any schema (case-insensitive). */
    public List<Table> findByName(String name) { return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()); }

    /**
     * A copy of this set with the given tables added in schema TAP_UPLOAD (their schema is forced to
     * TAP_UPLOAD; their {@code dbSchema/dbName} say where the service loaded them).
     */
    public TableSet withUploads(Collection<Table> uploads) {
        List<Table> all = new ArrayList<>(byKey.values());
        for (Table t : uploads)
            all.add(new Table(UPLOAD_SCHEMA, t.name(), t.type(), t.description(), t.utype(), t.columns(),
                    t.foreignKeys(), t.position(), t.dbSchema().equals(t.schema()) ? "tap_upload" : t.dbSchema(), t.dbName()));
        return new TableSet(all, schemaDescriptions);
    }

    /** Builder collecting tables and schema descriptions. */
    public static final class Builder {
        private final List<Table> tables = new ArrayList<>();
        private final Map<String, String> schemas = new LinkedHashMap<>();

        public Builder schema(String name, String description) { schemas.put(name.toLowerCase(Locale.ROOT), description); return this; }
        public Builder table(Table t) { tables.add(t); return this; }
        public Builder table(Table.Builder t) { tables.add(t.build()); return this; }
        public TableSet build() { return new TableSet(tables, schemas); }
    }
}
