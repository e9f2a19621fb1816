package org.gammavo.adql.translate;

import org.gammavo.adql.check.ValueType;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.tree.Expr.FunctionCall;

import java.util.List;

/**
 * Plain PostgreSQL, no extension: geometry goes to the SQL functions of {@link PlainGeometry} (schema
 * {@code adqlfn}, DALI arrays in degrees), and a cone or polygon search against a declared sky position is narrowed
 * by a Dec range that a B-tree index on the Dec column serves.
 */
public final class PlainPostgresTranslator extends PostgresTranslator {

    /** @param userFunctions the functions the parser/checker accepted, with their SQL names */
    public PlainPostgresTranslator(List<UserFunction> userFunctions) {
        super(userFunctions);
    }

    @Override
    public Dialect dialect() {
        return Dialect.PLAIN_POSTGRES;
    }

    @Override
    String spatialValue(Run r, FunctionCall f) {
        Geo a = r.geo(f.arg(0));
        Geo b = r.geo(f.arg(1));
        boolean contains = f.name().equals("CONTAINS");
        if (contains && a.kind() == ValueType.POINT && b.kind() == ValueType.CIRCLE) {
            return "CAST(" + pointInCircle(r, a, b) + " AS integer)";
        }
        return adqlfn(r, contains, a, b);
    }

    @Override
    String spatialCondition(Run r, Geo a, Geo b, boolean contains, boolean positive) {
        String exact = contains && a.kind() == ValueType.POINT && b.kind() == ValueType.CIRCLE
                ? pointInCircle(r, a, b)
                : adqlfn(r, contains, a, b) + " = 1";
        String range = positive && contains ? decRange(r, a, b) : null;
        return range == null ? "(" + exact + ")" : "(" + range + " AND " + exact + ")";
    }

    @Override
    String distance(String ra1, String dec1, String ra2, String dec2) {
        return "adqlfn.distance(" + ra1 + ", " + dec1 + ", " + ra2 + ", " + dec2 + ")";
    }

    @Override
    String distance(Run r, Geo a, Geo b) {
        return distance(r.coord(a, 0), r.coord(a, 1), r.coord(b, 0), r.coord(b, 1));
    }

    @Override
    String area(Run r, Geo g) {
        return "adqlfn.area(" + r.xtype(g) + ", " + g.dali() + ")";
    }

    /** adqlfn.contains or adqlfn.intersects of two geometry values (0 or 1). */
    private static String adqlfn(Run r, boolean contains, Geo a, Geo b) {
        return "adqlfn." + (contains ? "contains" : "intersects") + "(" + r.xtype(a) + ", " + a.dali() + ", "
                + r.xtype(b) + ", " + b.dali() + ")";
    }

    /** Point-in-circle through the inlinable SQL distance function (the common cone search). */
    private static String pointInCircle(Run r, Geo p, Geo c) {
        return "adqlfn.distance(" + r.coord(p, 0) + ", " + r.coord(p, 1) + ", " + r.coord(c, 0) + ", " + r.coord(c, 1)
                + ") <= " + r.coord(c, 2);
    }

    /**
     * Index use: when a declared sky position is tested against a constant shape, a Dec BETWEEN range (served by a
     * B-tree on Dec) pre-selects candidate rows; null when no range applies.
     */
    private static String decRange(Run r, Geo p, Geo shape) {
        if (p.position() == null || !shape.constant()) {
            return null;
        }
        List<Double> c = shape.constants();
        double centreDec;
        double radius;
        if (shape.kind() == ValueType.CIRCLE) {
            centreDec = c.get(1);
            radius = c.get(2);
        } else if (shape.kind() == ValueType.POLYGON) {
            double[] ctr = Sphere.centre(c);
            centreDec = ctr[1];
            radius = Sphere.maxDistance(ctr, c) + 1e-9;
        } else {
            return null;
        }
        if (radius >= 90) {
            return null;
        }
        double lo = Math.max(-90, centreDec - radius);
        double hi = Math.min(90, centreDec + radius);
        String dec = quote(p.qualifier()) + "." + quote(r.dbName(p, p.position().dec()));
        String range = dec + " BETWEEN " + number(lo) + " AND " + number(hi);
        // a cheap RA window too (no index, but evaluated before the exact test) when away from the poles
        double centreRa = shape.kind() == ValueType.CIRCLE ? c.get(0) : Sphere.centre(c)[0];
        if (Math.abs(centreDec) + radius < 89) {
            double sinRadius = Math.sin(Math.toRadians(radius));
            double dRa = Math.toDegrees(Math.asin(sinRadius / Math.cos(Math.toRadians(centreDec)))) + 1e-9;
            double raLo = centreRa - dRa;
            double raHi = centreRa + dRa;
            String ra = quote(p.qualifier()) + "." + quote(r.dbName(p, p.position().ra()));
            if (raLo < 0) {
                range += " AND (" + ra + " >= " + number(raLo + 360) + " OR " + ra + " <= " + number(raHi) + ")";
            } else if (raHi >= 360) {
                range += " AND (" + ra + " >= " + number(raLo) + " OR " + ra + " <= " + number(raHi - 360) + ")";
            } else {
                range += " AND " + ra + " BETWEEN " + number(raLo) + " AND " + number(raHi);
            }
        }
        return range;
    }
}
