package org.gammavo.tap.domain;

import org.gammavo.adql.translate.OutputColumn;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A query result read row by row (never held whole): the output columns, then {@link #next()} until false.
 * Values are typed after the column's VOTable datatype: String, Boolean, Short, Integer, Long, Float, Double,
 * double[] / long[] for arrays, ISO-8601 String for timestamps; null for NULL.
 */
public interface ResultCursor {
    int STRING = 0, BOOLEAN = 1, SHORT = 2, INT = 3, LONG = 4, FLOAT = 5, DOUBLE = 6, DOUBLE_ARRAY = 7, LONG_ARRAY = 8,
            TIMESTAMP = 9;

    List<OutputColumn> columns();

    /** Advances to the next row; false at the end or when MAXREC rows have been delivered. */
    boolean next() throws IOException;

    /** The current row's values (the array is reused between rows). */
    Object[] row();

    /** True when the result had more rows than MAXREC (known once {@link #next()} returned false). */
    boolean overflow();

    /** The Java representation of a column's values. */
    static int kind(OutputColumn c) {
        String d = c.datatype() == null ? "char" : c.datatype().toLowerCase(Locale.ROOT);
        boolean array = c.arraysize() != null && !c.arraysize().isEmpty() && !d.contains("char");
        if ("timestamp".equals(c.xtype()) || d.equals("timestamp")) return TIMESTAMP;
        return switch (d) {
            case "boolean" -> BOOLEAN;
            case "short", "unsignedbyte" -> array ? LONG_ARRAY : SHORT;
            case "int" -> array ? LONG_ARRAY : INT;
            case "long" -> array ? LONG_ARRAY : LONG;
            case "float" -> array ? DOUBLE_ARRAY : FLOAT;
            case "double" -> array ? DOUBLE_ARRAY : DOUBLE;
            default -> STRING;
        };
    }

    /** Converts a JDBC value to the representation of {@code kind}. */
    static Object convert(Object o, int kind) {
        if (o instanceof Number n) {
            return switch (kind) {
                case SHORT -> n.shortValue();
                case INT -> n.intValue();
                case LONG -> n.longValue();
                case FLOAT -> n.floatValue();
                case DOUBLE -> n.doubleValue();
                case BOOLEAN -> n.intValue() != 0;
                default -> n.toString();
            };
        }
        if (o instanceof Boolean b && kind != BOOLEAN) return kind == STRING ? b.toString() : (Object) (b ? 1 : 0);
        if (kind == STRING) return o.toString();
        return o;
    }
}
