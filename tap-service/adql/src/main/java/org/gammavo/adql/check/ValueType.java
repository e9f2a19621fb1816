package org.gammavo.adql.check;

import java.util.Locale;

import org.gammavo.adql.meta.Column;

/** The type the checker infers for an ADQL value. NULL and UNKNOWN are compatible with everything. */
public enum ValueType {
    INTEGER, REAL, STRING, BOOLEAN, TIMESTAMP, POINT, CIRCLE, POLYGON, BOX, REGION, NULL, UNKNOWN;

    public boolean numeric() { return this == INTEGER || this == REAL || this == NULL || this == UNKNOWN; }

    public boolean geometry() { return this == POINT || this == CIRCLE || this == POLYGON || this == BOX || this == REGION; }

    /** Geometry or a type that may still be one. */
    public boolean maybeGeometry() { return geometry() || this == NULL || this == UNKNOWN; }

    public boolean stringy() { return this == STRING || this == NULL || this == UNKNOWN; }

    /** Human name for messages. */
    public String label() {
        return switch (this) {
            case INTEGER -> "an integer"; case REAL -> "a number"; case STRING -> "a string"; case BOOLEAN -> "a boolean";
            case TIMESTAMP -> "a timestamp"; case NULL -> "NULL"; case UNKNOWN -> "a value";
            default -> "a " + name().toLowerCase(Locale.ROOT);
        };
    }

    /** The type of a published column from its TAP datatype and xtype. */
    public static ValueType of(Column c) {
        String x = c.xtype() == null ? "" : c.xtype().toLowerCase(Locale.ROOT);
        switch (x) {
            case "point": return POINT;
            case "circle": return CIRCLE;
            case "polygon": return POLYGON;
            case "region": case "shape": return REGION;
            case "timestamp": return TIMESTAMP;
            default: break;
        }
        String d = c.datatype().toLowerCase(Locale.ROOT);
        boolean array = c.arraysize() != null && !c.arraysize().isEmpty() && !c.arraysize().equals("1");
        return switch (d) {
            case "char", "unicodechar", "varchar", "clob" -> STRING;
            case "timestamp" -> TIMESTAMP;
            case "boolean" -> array ? UNKNOWN : BOOLEAN;
            case "short", "int", "integer", "long", "bigint", "smallint", "unsignedbyte" -> array ? UNKNOWN : INTEGER;
            case "float", "double", "real" -> array ? UNKNOWN : REAL;
            case "point" -> POINT;
            case "circle" -> CIRCLE;
            case "polygon" -> POLYGON;
            case "region" -> REGION;
            default -> UNKNOWN;
        };
    }

    /** The type named by an ADQL type name (UDF signatures, CAST). */
    public static ValueType ofAdqlType(String t) {
        String u = t.toUpperCase(Locale.ROOT).trim();
        if (u.startsWith("CHAR") || u.startsWith("VARCHAR") || u.equals("TEXT") || u.equals("STRING")) return STRING;
        return switch (u) {
            case "SMALLINT", "INTEGER", "INT", "BIGINT", "LONG", "SHORT" -> INTEGER;
            case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT" -> REAL;
            case "BOOLEAN" -> BOOLEAN;
            case "TIMESTAMP" -> TIMESTAMP;
            case "POINT" -> POINT;
            case "CIRCLE" -> CIRCLE;
            case "POLYGON" -> POLYGON;
            case "REGION", "GEOMETRY" -> REGION;
            default -> UNKNOWN;
        };
    }
}
