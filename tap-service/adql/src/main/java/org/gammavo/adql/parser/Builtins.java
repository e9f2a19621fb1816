package org.gammavo.adql.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The built-in ADQL functions with their arities (ADQL 2.1 §2.3, §4) and the version that introduced them. */
public final class Builtins {
    private Builtins() { }

    /** @param max -1 for unbounded; {@code since21} true when 2.0 does not know the function. */
    public record Spec(String name, int min, int max, boolean since21, Category category) { }

    public enum Category { MATH, TRIG, AGGREGATE, STRING, CONDITIONAL, UNIT, GEOMETRY }

    private static final Map<String, Spec> SPECS = new HashMap<>();

    private static void add(Category c, int min, int max, boolean since21, String... names) {
        for (String n : names) SPECS.put(n, new Spec(n, min, max, since21, c));
    }

    static {
        add(Category.MATH, 1, 1, false, "ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "RADIANS", "SQRT");
        add(Category.MATH, 2, 2, false, "MOD", "POWER");
        add(Category.MATH, 0, 0, false, "PI");
        add(Category.MATH, 0, 1, false, "RAND");
        add(Category.MATH, 1, 2, false, "ROUND", "TRUNCATE");
        add(Category.TRIG, 1, 1, false, "ACOS", "ASIN", "ATAN", "COS", "COT", "SIN", "TAN");
        add(Category.TRIG, 2, 2, false, "ATAN2");
        add(Category.AGGREGATE, 1, 1, false, "AVG", "MAX", "MIN", "SUM", "COUNT");
        add(Category.STRING, 1, 1, true, "LOWER", "UPPER");
        add(Category.CONDITIONAL, 1, -1, true, "COALESCE");
        add(Category.UNIT, 2, 2, true, "IN_UNIT");
        add(Category.GEOMETRY, 2, 3, false, "POINT");
        add(Category.GEOMETRY, 2, 4, false, "CIRCLE");
        add(Category.GEOMETRY, 4, 5, false, "BOX");
        add(Category.GEOMETRY, 3, -1, false, "POLYGON");
        add(Category.GEOMETRY, 1, 1, false, "REGION", "CENTROID", "AREA", "COORD1", "COORD2", "COORDSYS");
        add(Category.GEOMETRY, 2, 2, false, "CONTAINS", "INTERSECTS");
        add(Category.GEOMETRY, 2, 4, false, "DISTANCE");
    }

    /** The spec of a built-in function or null. */
    public static Spec get(String name) {
        return SPECS.get(name.toUpperCase(Locale.ROOT));
    }
}
