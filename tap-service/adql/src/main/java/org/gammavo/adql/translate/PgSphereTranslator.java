package org.gammavo.adql.translate;

import org.gammavo.adql.check.ValueType;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.tree.Expr.FunctionCall;

import java.util.List;

/**
 * PostgreSQL with pgSphere: geometry predicates become pgSphere objects ({@code spoint}, {@code scircle},
 * {@code spoly}, angles in radians) and operators ({@code @} contains, {@code &&} overlaps, {@code <->} distance),
 * which GiST indexes on pgSphere expressions serve.
 */
public final class PgSphereTranslator extends PostgresTranslator {

    /** @param userFunctions the functions the parser/checker accepted, with their SQL names */
    public PgSphereTranslator(List<UserFunction> userFunctions) {
        super(userFunctions);
    }

    @Override
    public Dialect dialect() {
        return Dialect.PGSPHERE;
    }

    @Override
    String spatialValue(Run r, FunctionCall f) {
        return "CAST(" + r.spatialPredicate(f, true) + " AS integer)";
    }

    @Override
    String spatialCondition(Run r, Geo a, Geo b, boolean contains, boolean positive) {
        String na = nativeGeo(r, a);
        String nb = nativeGeo(r, b);
        if (a.kind() == ValueType.POINT && b.kind() == ValueType.POINT) {
            return "(" + na + " = " + nb + ")";
        }
        return "(" + na + (contains ? " @ " : " && ") + nb + ")";
    }

    @Override
    String distance(String ra1, String dec1, String ra2, String dec2) {
        return "degrees(spoint(radians(" + ra1 + "), radians(" + dec1 + ")) <-> spoint(radians(" + ra2 + "), radians("
                + dec2 + ")))";
    }

    @Override
    String distance(Run r, Geo a, Geo b) {
        return "degrees(" + nativeGeo(r, a) + " <-> " + nativeGeo(r, b) + ")";
    }

    @Override
    String area(Run r, Geo g) {
        return "degrees(degrees(area(" + nativeGeo(r, g) + ")))";
    }

    /** pgSphere object for a geometry (angles converted to radians). */
    private static String nativeGeo(Run r, Geo g) {
        switch (g.kind()) {
            case POINT -> {
                if (g.position() != null || g.coords() != null) {
                    return "spoint(radians(" + r.coord(g, 0) + "), radians(" + r.coord(g, 1) + "))";
                }
                return "spoint(radians((" + g.dali() + ")[1]), radians((" + g.dali() + ")[2]))";
            }
            case CIRCLE -> {
                return "scircle(spoint(radians(" + r.coord(g, 0) + "), radians(" + r.coord(g, 1) + ")), radians("
                        + r.coord(g, 2) + "))";
            }
            case POLYGON, BOX -> {
                // pgSphere 1.2 has no array constructor: a text literal for constants, else the spoly aggregate
                if (g.constant()) {
                    StringBuilder t = new StringBuilder("{");
                    for (int i = 0; i + 1 < g.constants().size(); i += 2) {
                        if (i > 0) {
                            t.append(',');
                        }
                        t.append('(').append(plain(g.constants().get(i))).append("d,");
                        t.append(plain(g.constants().get(i + 1))).append("d)");
                    }
                    return "CAST('" + t.append('}') + "' AS spoly)";
                }
                return "(SELECT spoly(spoint(radians(v[2 * i - 1]), radians(v[2 * i])) ORDER BY i) FROM (SELECT "
                        + g.dali() + " AS v) AS x, generate_series(1, array_length(v, 1) / 2) AS i)";
            }
            default -> throw new Unsupported(null, "unsupported geometry type " + g.kind());
        }
    }
}
