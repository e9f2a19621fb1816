package org.gammavo.adql.meta;

import java.util.Objects;

/**
 * A published column, with the TAP_SCHEMA.columns metadata (TAP 1.1 §4.3) and the database name.
 * @param name ADQL name (a regular identifier is matched case-insensitively; a name that is not a
 *             valid regular identifier must be written quoted in ADQL)
 * @param datatype VOTable/TAP datatype: boolean, short, int, long, float, double, char, unicodeChar,
 *                 timestamp (TAP 1.1 datatype with xtype timestamp), ...
 * @param arraysize VOTable arraysize ("*", "2", "16*") or null for a scalar
 * @param xtype DALI xtype (point, circle, polygon, timestamp, interval) or null
 * @param dbName the column name in the database (defaults to the ADQL name)
 */
public record Column(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                     String utype, String description, boolean principal, boolean indexed, boolean std,
                     String dbName) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        if (dbName == null) dbName = name;
    }

    public static Builder builder(String name, String datatype) { return new Builder(name, datatype); }

    /** Builder; every setter is optional. */
    public static final class Builder {
        private final String name;
        private final String datatype;
        private String arraysize, xtype, unit, ucd, utype, description, dbName;
        private boolean principal, indexed, std;

        private Builder(String name, String datatype) { this.name = name; this.datatype = datatype; }

        public Builder arraysize(String v) { arraysize = v; return this; }
        public Builder xtype(String v) { xtype = v; return this; }
        public Builder unit(String v) { unit = v; return this; }
        public Builder ucd(String v) { ucd = v; return this; }
        public Builder utype(String v) { utype = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder principal() { principal = true; return this; }
        public Builder indexed() { indexed = true; return this; }
        public Builder std() { std = true; return this; }
        /** The database column name when it differs from the ADQL name. */
        public Builder dbName(String v) { dbName = v; return this; }

        public Column build() {
            return new Column(name, datatype, arraysize, xtype, unit, ucd, utype, description, principal, indexed, std, dbName);
        }
    }
}
