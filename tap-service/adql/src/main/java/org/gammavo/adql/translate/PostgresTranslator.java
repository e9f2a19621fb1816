package org.gammavo.adql.translate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.gammavo.adql.AdqlException;
import org.gammavo.adql.check.Binding;
import org.gammavo.adql.check.CheckedQuery;
import org.gammavo.adql.check.Output;
import org.gammavo.adql.check.Units;
import org.gammavo.adql.check.ValueType;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.SkyPosition;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.tree.*;
import org.gammavo.adql.tree.Expr.*;

/**
 * Writes PostgreSQL for a checked ADQL tree. The SQL is produced only from the tree: identifiers are always
 * double-quoted names taken from the metadata, strings are re-escaped literals, numbers are lexer tokens,
 * functions come from a fixed table or the registered user functions. The result is a single SELECT.
 *
 * <p>Geometry values are DALI arrays in degrees everywhere a value is stored or returned; only inside
 * predicates are they turned into pgSphere objects (PGSPHERE) or passed to the adqlfn functions (PLAIN).
 */
public abstract sealed class PostgresTranslator implements SqlTranslator
        permits PgSphereTranslator, PlainPostgresTranslator {
    private final java.util.Map<String, String> udfSqlNames = new java.util.HashMap<>();

    /** @param userFunctions the functions the parser/checker accepted, with their SQL names */
    PostgresTranslator(List<org.gammavo.adql.meta.UserFunction> userFunctions) {
        for (var f : userFunctions) udfSqlNames.put(f.name(), f.sqlName());
    }

    /** The dialect this translator writes. */
    public abstract Dialect dialect();

    // ------------------------------------------------------------------ what a dialect writes its
    // own way

    /** CONTAINS or INTERSECTS used as a value: 1 or 0. */
    abstract String spatialValue(Run r, FunctionCall f);

    /**
     * CONTAINS(a, b) ({@code contains}) or INTERSECTS(a, b) being true; INTERSECTS with a point was already turned
     * into containment of the point. {@code positive}: the caller does not negate it (an index range may help).
     */
    abstract String spatialCondition(Run r, Geo a, Geo b, boolean contains, boolean positive);

    /** DISTANCE in degrees between two positions given as coordinate SQL (degrees). */
    abstract String distance(String ra1, String dec1, String ra2, String dec2);

    /** DISTANCE in degrees between two point values. */
    abstract String distance(Run r, Geo a, Geo b);

    /** AREA in square degrees of a circle or polygon. */
    abstract String area(Run r, Geo g);

    @Override
    public TranslatedQuery translate(CheckedQuery q, OptionalLong rowLimit) throws AdqlException {
        try {
            Run r = new Run(q);
            StringBuilder sb = new StringBuilder();
            Statement s = q.statement();
            if (!s.with().isEmpty()) {
                sb.append("WITH ");
                for (int i = 0; i < s.with().size(); i++) {
                    WithQuery w = s.with().get(i);
                    if (i > 0) sb.append(", ");
                    sb.append(quote(r.cteName(w)));
                    if (!w.columns().isEmpty()) {
                        sb.append(" (");
                        for (int k = 0; k < w.columns().size(); k++) {
                            if (k > 0) sb.append(", ");
                            sb.append(quote(w.columns().get(k).name()));
                        }
                        sb.append(')');
                    }
                    sb.append(" AS (");
                    r.query(sb, w.query(), null);
                    sb.append(')');
                }
                sb.append(' ');
            }
            r.query(sb, s.body(), rowLimit.isPresent() ? rowLimit.getAsLong() : null);
            List<OutputColumn> cols = new ArrayList<>();
            for (Output o : q.outputs()) cols.add(metadata(o, q));
            return new TranslatedQuery(sb.toString(), cols, dialect(), rowLimit);
        } catch (Unsupported u) {
            throw AdqlException.at(u.pos, u.getMessage());
        }
    }

    static final class Unsupported extends RuntimeException {
        final Pos pos;

        Unsupported(Pos pos, String m) {
            super(m, null, false, false);
            this.pos = pos;
        }
    }

    // ------------------------------------------------------------------ output metadata

    private static OutputColumn metadata(Output o, CheckedQuery q) {
        Column c = o.column();
        if (c != null)
            return new OutputColumn(
                    o.name(),
                    c.datatype(),
                    c.arraysize(),
                    c.xtype(),
                    c.unit(),
                    c.ucd(),
                    c.utype(),
                    c.description());
        String unit = null;
        if (o.expr() instanceof FunctionCall f) {
            switch (f.name()) {
                case "DISTANCE", "COORD1", "COORD2" -> unit = "deg";
                case "AREA" -> unit = "deg**2";
                case "IN_UNIT" -> unit = ((Literal) f.arg(1)).text();
                case "MIN", "MAX", "SUM", "AVG", "ABS" -> {
                    if (f.arg(0) instanceof ColumnRef r
                            && q.binding(r) != null
                            && q.binding(r).column() != null) unit = q.binding(r).column().unit();
                }
                default -> {}
            }
        }
        return switch (o.type()) {
            case INTEGER -> new OutputColumn(o.name(), "long", null, null, unit, null, null, null);
            case REAL -> new OutputColumn(o.name(), "double", null, null, unit, null, null, null);
            case BOOLEAN ->
                    new OutputColumn(o.name(), "boolean", null, null, null, null, null, null);
            case TIMESTAMP ->
                    new OutputColumn(o.name(), "char", "*", "timestamp", null, null, null, null);
            case POINT ->
                    new OutputColumn(o.name(), "double", "2", "point", "deg", null, null, null);
            case CIRCLE ->
                    new OutputColumn(o.name(), "double", "3", "circle", "deg", null, null, null);
            case POLYGON, BOX ->
                    new OutputColumn(o.name(), "double", "*", "polygon", "deg", null, null, null);
            default -> new OutputColumn(o.name(), "char", "*", null, null, null, null, null);
        };
    }

    // ------------------------------------------------------------------ SQL writing

    /** A geometry value: its DALI-array SQL, and the coordinate SQL when built by a constructor. */
    record Geo(
            ValueType kind,
            String dali,
            List<String> coords,
            List<Double> constants,
            String coordsys,
            SkyPosition position,
            String qualifier) {
        boolean constant() {
            return constants != null;
        }
    }

    final class Run {
        final CheckedQuery q;

        Run(CheckedQuery q) {
            this.q = q;
        }

        String cteName(WithQuery w) {
            return w.name().name();
        }

        /** The name a WITH query was declared with, for a reference that may differ in case. */
        String cteName(Ident ref) {
            for (WithQuery w : q.statement().with())
                if (w.name().key().equals(ref.key())) return cteName(w);
            for (WithQuery w : q.statement().with())
                if (ref.matches(w.name().name())) return cteName(w);
            return ref.name();
        }

        void query(StringBuilder sb, QueryExpr e, Long rowLimit) {
            if (e instanceof Select s) {
                select(sb, s, rowLimit);
                return;
            }
            SetOperation op = (SetOperation) e;
            sb.append('(');
            query(sb, op.left(), null);
            sb.append(") ").append(op.kind()).append(op.all() ? " ALL (" : " (");
            query(sb, op.right(), null);
            sb.append(')');
            if (!op.orderBy().isEmpty()) {
                sb.append(" ORDER BY ");
                for (int i = 0; i < op.orderBy().size(); i++) {
                    OrderItem o = op.orderBy().get(i);
                    if (i > 0) sb.append(", ");
                    sb.append(q.orderTarget(o) + 1).append(o.descending() ? " DESC" : " ASC");
                }
            }
            if (rowLimit != null) sb.append(" LIMIT ").append(rowLimit);
            if (op.offset() != null) sb.append(" OFFSET ").append(op.offset());
        }

        void select(StringBuilder sb, Select s, Long rowLimit) {
            sb.append("SELECT ");
            if (s.distinct()) sb.append("DISTINCT ");
            List<Output> outs = q.outputs(s);
            for (int i = 0; i < outs.size(); i++) {
                if (i > 0) sb.append(", ");
                Output o = outs.get(i);
                if (o.expr() == null) sb.append(column(o.source()));
                else if (o.type().geometry()) sb.append(geo(o.expr()).dali());
                else if (o.column() == null
                        && (o.type() == ValueType.INTEGER || o.type() == ValueType.REAL)) {
                    // computed numbers: make the JDBC type the one OutputColumn announces (long /
                    // double)
                    sb.append("CAST(");
                    expr(sb, o.expr());
                    sb.append(
                            o.type() == ValueType.INTEGER
                                    ? " AS bigint)"
                                    : " AS double precision)");
                } else expr(sb, o.expr());
                sb.append(" AS ").append(quote(o.name()));
            }
            sb.append(" FROM ");
            for (int i = 0; i < s.from().size(); i++) {
                if (i > 0) sb.append(", ");
                from(sb, s.from().get(i));
            }
            if (s.where() != null) {
                sb.append(" WHERE ");
                expr(sb, s.where());
            }
            if (!s.groupBy().isEmpty()) {
                sb.append(" GROUP BY ");
                for (int i = 0; i < s.groupBy().size(); i++) {
                    if (i > 0) sb.append(", ");
                    Expr g = s.groupBy().get(i);
                    if (g instanceof ColumnRef c && q.binding(c) == null)
                        sb.append(quote(outputName(outs, c)));
                    else expr(sb, g);
                }
            }
            if (s.having() != null) {
                sb.append(" HAVING ");
                expr(sb, s.having());
            }
            if (!s.orderBy().isEmpty()) {
                sb.append(" ORDER BY ");
                for (int i = 0; i < s.orderBy().size(); i++) {
                    OrderItem o = s.orderBy().get(i);
                    if (i > 0) sb.append(", ");
                    Integer t = q.orderTarget(o);
                    if (t != null) sb.append(t + 1);
                    else expr(sb, o.expr());
                    sb.append(o.descending() ? " DESC" : " ASC");
                }
            }
            Long limit = s.top();
            if (rowLimit != null) limit = limit == null ? rowLimit : Math.min(limit, rowLimit);
            if (limit != null) sb.append(" LIMIT ").append(limit);
            if (s.offset() != null) sb.append(" OFFSET ").append(s.offset());
        }

        private String outputName(List<Output> outs, ColumnRef c) {
            for (Output o : outs) if (c.column().matches(o.name())) return o.name();
            throw new Unsupported(c.pos(), "cannot resolve " + c.column().name());
        }

        void from(StringBuilder sb, FromItem f) {
            if (f instanceof FromItem.TableRef t) {
                Table table = q.table(t);
                if (table != null)
                    sb.append(quote(table.dbSchema())).append('.').append(quote(table.dbName()));
                else sb.append(quote(cteName(t.table()))); // a WITH query
                sb.append(" AS ").append(quote(q.alias(t)));
            } else if (f instanceof FromItem.Derived d) {
                sb.append('(');
                query(sb, d.query(), null);
                sb.append(") AS ").append(quote(q.alias(d)));
            } else {
                FromItem.Join j = (FromItem.Join) f;
                from(sb, j.left());
                sb.append(
                        switch (j.type()) {
                            case CROSS -> " CROSS JOIN ";
                            case LEFT -> " LEFT OUTER JOIN ";
                            case RIGHT -> " RIGHT OUTER JOIN ";
                            case FULL -> " FULL OUTER JOIN ";
                            default -> " INNER JOIN ";
                        });
                boolean paren = j.right() instanceof FromItem.Join;
                if (paren) sb.append('(');
                from(sb, j.right());
                if (paren) sb.append(')');
                List<String> using =
                        q.joinColumns(
                                j); // NATURAL becomes USING on the columns the checker matched
                if (j.on() != null) {
                    sb.append(" ON ");
                    expr(sb, j.on());
                } else if (using != null && !using.isEmpty()) {
                    sb.append(" USING (");
                    for (int i = 0; i < using.size(); i++) {
                        if (i > 0) sb.append(", ");
                        sb.append(quote(using.get(i)));
                    }
                    sb.append(')');
                } else if (j.type() != FromItem.JoinType.CROSS) sb.append(" ON TRUE");
            }
        }

        String column(Binding b) {
            return b.sqlQualifier() == null
                    ? quote(b.sqlName())
                    : quote(b.sqlQualifier()) + "." + quote(b.sqlName());
        }

        String sql(Expr e) {
            StringBuilder sb = new StringBuilder();
            expr(sb, e);
            return sb.toString();
        }

        void sub(StringBuilder sb, Expr e) {
            sb.append('(');
            expr(sb, e);
            sb.append(')');
        }

        void expr(StringBuilder sb, Expr e) {
            ValueType t = q.type(e);
            if (t.geometry() && !(e instanceof Comparison)) {
                sb.append(geo(e).dali());
                return;
            }
            if (e instanceof Literal l) literal(sb, l);
            else if (e instanceof ColumnRef c) {
                Binding b = q.binding(c);
                if (b == null)
                    throw new Unsupported(c.pos(), "unresolved column " + c.column().name());
                sb.append(column(b));
            } else if (e instanceof Unary u) {
                sb.append(u.op().equals("~") ? "~" : u.op());
                sub(sb, u.operand());
            } else if (e instanceof Binary b) binary(sb, b);
            else if (e instanceof Comparison c) comparison(sb, c);
            else if (e instanceof And a) junction(sb, a.operands(), " AND ");
            else if (e instanceof Or o) junction(sb, o.operands(), " OR ");
            else if (e instanceof Not n) {
                sb.append("NOT ");
                sub(sb, n.operand());
            } else if (e instanceof Between b) {
                sub(sb, b.value());
                sb.append(b.not() ? " NOT BETWEEN " : " BETWEEN ");
                sub(sb, b.low());
                sb.append(" AND ");
                sub(sb, b.high());
            } else if (e instanceof Like l) {
                sub(sb, l.value());
                sb.append(l.not() ? " NOT" : "").append(l.caseInsensitive() ? " ILIKE " : " LIKE ");
                sub(sb, l.pattern());
                if (l.escape() != null) {
                    sb.append(" ESCAPE ");
                    sub(sb, l.escape());
                }
            } else if (e instanceof InList i) {
                sub(sb, i.value());
                sb.append(i.not() ? " NOT IN (" : " IN (");
                for (int k = 0; k < i.list().size(); k++) {
                    if (k > 0) sb.append(", ");
                    expr(sb, i.list().get(k));
                }
                sb.append(')');
            } else if (e instanceof InQuery i) {
                sub(sb, i.value());
                sb.append(i.not() ? " NOT IN (" : " IN (");
                query(sb, i.query(), null);
                sb.append(')');
            } else if (e instanceof Exists x) {
                sb.append("EXISTS (");
                query(sb, x.query(), null);
                sb.append(')');
            } else if (e instanceof IsNull n) {
                sub(sb, n.value());
                sb.append(n.not() ? " IS NOT NULL" : " IS NULL");
            } else if (e instanceof Subquery s) {
                sb.append('(');
                query(sb, s.query(), null);
                sb.append(')');
            } else if (e instanceof Cast c) cast(sb, c);
            else if (e instanceof Case c) caseExpr(sb, c, result -> sub(sb, result));
            else if (e instanceof Star) sb.append('*');
            else function(sb, (FunctionCall) e);
        }

        /** Same-level operators are left-associative in PostgreSQL too, so a chain needs no inner parentheses. */
        void binary(StringBuilder sb, Binary b) {
            List<Expr> xs = b.operands();
            for (int i = 0; i < xs.size(); i++) {
                if (i > 0) {
                    String op = b.ops().get(i - 1);
                    sb.append(' ').append(op.equals("^") ? "#" : op).append(' ');
                }
                Expr x = xs.get(i);
                // PostgreSQL has text || anynonarray but no number || number: make every operand
                // text
                boolean toText = b.op().equals("||") && q.type(x) != ValueType.STRING;
                if (toText) sb.append("CAST(");
                sub(sb, x);
                if (toText) sb.append(" AS text)");
            }
        }

        void junction(StringBuilder sb, List<Expr> operands, String op) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) sb.append(op);
                sub(sb, operands.get(i));
            }
        }

        void literal(StringBuilder sb, Literal l) {
            switch (l.kind()) {
                case STRING -> sb.append(stringLiteral(l.text()));
                case NULL -> sb.append("NULL");
                case TRUE -> sb.append("TRUE");
                case FALSE -> sb.append("FALSE");
                case HEX -> sb.append(new BigInteger(l.text().substring(2), 16));
                // a decimal point keeps PostgreSQL from reading 1.5 as numeric: ADQL reals are
                // doubles
                case DECIMAL, REAL -> sb.append(l.text()).append("::double precision");
                default -> sb.append(l.text());
            }
        }

        void cast(StringBuilder sb, Cast c) {
            ValueType target = ValueType.ofAdqlType(c.type());
            if (target.geometry()) {
                sb.append(geo(c).dali());
                return;
            }
            sb.append("CAST(");
            expr(sb, c.value());
            sb.append(" AS ")
                    .append(
                            switch (c.type()) {
                                case "SMALLINT" -> "smallint";
                                case "INTEGER" -> "integer";
                                case "BIGINT" -> "bigint";
                                case "REAL" -> "real";
                                case "DOUBLE PRECISION" -> "double precision";
                                case "TIMESTAMP" -> "timestamp";
                                case "CHAR" -> "char";
                                default -> "varchar";
                            });
            if (c.length() != null) sb.append('(').append(c.length()).append(')');
            sb.append(')');
        }

        void comparison(StringBuilder sb, Comparison c) {
            // 1 = CONTAINS(a, b) (and variants) become a direct predicate so an index can serve it
            FunctionCall f = null;
            Literal lit = null;
            if (c.left() instanceof FunctionCall lf && c.right() instanceof Literal rl) {
                f = lf;
                lit = rl;
            }
            if (c.right() instanceof FunctionCall rf && c.left() instanceof Literal ll) {
                f = rf;
                lit = ll;
            }
            if (f != null
                    && !f.udf()
                    && (f.name().equals("CONTAINS") || f.name().equals("INTERSECTS"))
                    && lit.kind() == Literal.Kind.INTEGER
                    && (c.op().equals("=") || c.op().equals("<>"))
                    && (lit.text().equals("1") || lit.text().equals("0"))) {
                boolean positive = lit.text().equals("1") == c.op().equals("=");
                String pred = spatialPredicate(f, positive);
                sb.append(positive ? pred : "NOT (" + pred + ")");
                return;
            }
            ValueType lt = q.type(c.left());
            if (lt.geometry() || q.type(c.right()).geometry()) {
                sb.append('(')
                        .append(geo(c.left()).dali())
                        .append(") ")
                        .append(c.op())
                        .append(" (")
                        .append(geo(c.right()).dali())
                        .append(')');
                return;
            }
            sub(sb, c.left());
            sb.append(' ').append(c.op()).append(' ');
            sub(sb, c.right());
        }

        // -------------------------------------------------------------- functions

        void function(StringBuilder sb, FunctionCall f) {
            if (f.udf()) {
                sb.append(udfSqlName(f)).append('(');
                args(sb, f.args());
                sb.append(')');
                return;
            }
            List<Expr> a = f.args();
            switch (f.name()) {
                case "COUNT", "AVG", "MIN", "MAX", "SUM" -> {
                    // PostgreSQL gives numeric for avg(int) and sum(bigint): cast to the type the
                    // metadata announces
                    String cast =
                            f.name().equals("AVG")
                                    ? "double precision"
                                    : f.name().equals("SUM")
                                            ? (q.type(f) == ValueType.INTEGER
                                                    ? "bigint"
                                                    : "double precision")
                                            : null;
                    if (cast != null) sb.append("CAST(");
                    sb.append(f.name().toLowerCase(Locale.ROOT)).append('(');
                    if (f.distinct()) sb.append("DISTINCT ");
                    args(sb, a);
                    sb.append(')');
                    if (cast != null) sb.append(" AS ").append(cast).append(')');
                }
                case "LOG" -> call(sb, "ln", a);
                case "LOG10" -> call(sb, "log", a);
                case "PI" -> sb.append("pi()");
                case "RAND" ->
                        sb.append(
                                "random()"); // a seed would need a second statement (setseed):
                                             // ignored
                case "TRUNCATE" -> roundLike(sb, "trunc", a);
                case "ROUND" -> roundLike(sb, "round", a);
                case "MOD" -> {
                    if (q.type(a.get(0)) == ValueType.INTEGER
                            && q.type(a.get(1)) == ValueType.INTEGER) call(sb, "mod", a);
                    else {
                        sb.append("CAST(mod(CAST(");
                        expr(sb, a.get(0));
                        sb.append(" AS numeric), CAST(");
                        expr(sb, a.get(1));
                        sb.append(" AS numeric)) AS double precision)");
                    }
                }
                case "IN_UNIT" -> {
                    String from = q.binding((ColumnRef) a.get(0)).column().unit();
                    double factor = Units.factor(from, ((Literal) a.get(1)).text());
                    sb.append('(');
                    sub(sb, a.get(0));
                    sb.append(" * ").append(number(factor)).append(')');
                }
                case "CONTAINS", "INTERSECTS" -> sb.append(spatialValue(this, f));
                case "DISTANCE" -> distance(sb, f);
                case "AREA" -> area(sb, f);
                case "COORD1", "COORD2" -> {
                    Geo g = geo(a.get(0));
                    int i = f.name().equals("COORD1") ? 0 : 1;
                    if (g.coords() != null) sb.append('(').append(g.coords().get(i)).append(')');
                    else sb.append('(').append(g.dali()).append(")[").append(i + 1).append(']');
                }
                case "COORDSYS" -> {
                    Geo g = geo(a.get(0));
                    sb.append(
                            stringLiteral(
                                    g.coordsys() == null || g.coordsys().isEmpty()
                                            ? "ICRS"
                                            : g.coordsys()));
                }
                default ->
                        call(sb, f.name().toLowerCase(Locale.ROOT), a); // same name in PostgreSQL
            }
        }

        private String udfSqlName(FunctionCall f) {
            // the checker only lets registered functions through; their SQL names were validated at
            // registration
            String n = udfSqlNames.get(f.name());
            if (n == null)
                throw new Unsupported(f.pos(), "function " + f.name() + "() is not available");
            return n;
        }

        void call(StringBuilder sb, String name, List<Expr> a) {
            sb.append(name).append('(');
            args(sb, a);
            sb.append(')');
        }

        void args(StringBuilder sb, List<Expr> a) {
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) sb.append(", ");
                expr(sb, a.get(i));
            }
        }

        void roundLike(StringBuilder sb, String fn, List<Expr> a) {
            if (a.size() == 1) {
                call(sb, fn, a);
                return;
            }
            sb.append("CAST(").append(fn).append("(CAST(");
            expr(sb, a.get(0));
            sb.append(" AS numeric), ");
            expr(sb, a.get(1));
            sb.append(") AS double precision)");
        }

        // -------------------------------------------------------------- geometry

        Geo geo(Expr e) {
            if (e instanceof ColumnRef c) {
                Binding b = q.binding(c);
                if (b == null)
                    throw new Unsupported(c.pos(), "unresolved column " + c.column().name());
                return new Geo(b.type(), column(b), null, null, null, null, null);
            }
            if (e instanceof Literal l && l.kind() == Literal.Kind.NULL)
                return new Geo(
                        ValueType.NULL,
                        "CAST(NULL AS double precision[])",
                        null,
                        null,
                        null,
                        null,
                        null);
            if (e instanceof Cast c) return castGeo(c);
            if (e instanceof Subquery s)
                return new Geo(q.type(e), sql(s), null, null, null, null, null);
            if (e instanceof Case)
                return new Geo(q.type(e), sqlNonGeo(e), null, null, null, null, null);
            if (e instanceof FunctionCall f && f.udf())
                return new Geo(q.type(e), sqlNonGeo(e), null, null, null, null, null);
            if (e instanceof FunctionCall f && f.name().equals("COALESCE"))
                return new Geo(q.type(e), sqlNonGeo(e), null, null, null, null, null);
            if (e instanceof FunctionCall f && (f.name().equals("MIN") || f.name().equals("MAX")))
                throw new Unsupported(e.pos(), f.name() + "() of a geometry is not supported");
            if (!(e instanceof FunctionCall f))
                throw new Unsupported(
                        e.pos(), "unsupported geometry expression " + AdqlRenderer.render(e));
            List<Expr> a = f.args();
            switch (f.name()) {
                case "POINT", "CIRCLE", "BOX", "POLYGON" -> {
                    return constructor(f);
                }
                case "CENTROID" -> {
                    Geo g = geo(a.get(0));
                    if (g.kind() == ValueType.POINT) return g;
                    if (g.kind() == ValueType.CIRCLE) {
                        if (g.coords() != null)
                            return point(
                                    g.coords().get(0),
                                    g.coords().get(1),
                                    g.constants() == null ? null : g.constants().subList(0, 2),
                                    g.coordsys());
                        String d = g.dali();
                        return point("(" + d + ")[1]", "(" + d + ")[2]", null, null);
                    }
                    // mean of the vertex unit vectors: the centre used by the polygon functions too
                    String d = g.dali();
                    String v =
                            "(SELECT"
                                + " ARRAY[degrees(atan2(sum(cos(radians(p[2*i]))*sin(radians(p[2*i-1]))),"
                                + " sum(cos(radians(p[2*i]))*cos(radians(p[2*i-1]))))) + CASE WHEN"
                                + " atan2(sum(cos(radians(p[2*i]))*sin(radians(p[2*i-1]))),"
                                + " sum(cos(radians(p[2*i]))*cos(radians(p[2*i-1])))) < 0 THEN 360"
                                + " ELSE 0 END, degrees(atan2(sum(sin(radians(p[2*i]))),"
                                + " sqrt(power(sum(cos(radians(p[2*i]))*cos(radians(p[2*i-1]))),2)"
                                + " + power(sum(cos(radians(p[2*i]))*sin(radians(p[2*i-1]))),2))))]"
                                + " FROM (SELECT "
                                    + d
                                    + " AS p) AS g, generate_series(1, array_length(p, 1) / 2) AS"
                                    + " i)";
                    return new Geo(ValueType.POINT, v, null, null, null, null, null);
                }
                default -> throw new Unsupported(e.pos(), f.name() + "() does not give a geometry");
            }
        }

        /** CASE … END; {@code result} writes each THEN and the ELSE value (a scalar or a DALI array). */
        private void caseExpr(StringBuilder sb, Case c, java.util.function.Consumer<Expr> result) {
            sb.append("CASE");
            if (c.operand() != null) {
                sb.append(' ');
                sub(sb, c.operand());
            }
            for (When w : c.whens()) {
                sb.append(" WHEN ");
                sub(sb, w.condition());
                sb.append(" THEN ");
                result.accept(w.result());
            }
            if (c.otherwise() != null) {
                sb.append(" ELSE ");
                result.accept(c.otherwise());
            }
            sb.append(" END");
        }

        private String sqlNonGeo(Expr e) {
            // CASE / COALESCE / UDF with geometry results: arguments rendered as DALI arrays
            StringBuilder sb = new StringBuilder();
            if (e instanceof Case c) {
                caseExpr(sb, c, result -> sb.append(geo(result).dali()));
            } else {
                FunctionCall f = (FunctionCall) e;
                sb.append(f.udf() ? udfSqlName(f) : "coalesce").append('(');
                for (int i = 0; i < f.args().size(); i++) {
                    if (i > 0) sb.append(", ");
                    Expr x = f.args().get(i);
                    if (q.type(x).geometry()) sb.append(geo(x).dali());
                    else expr(sb, x);
                }
                sb.append(')');
            }
            return sb.toString();
        }

        private Geo point(String ra, String dec, List<Double> consts, String cs) {
            return new Geo(
                    ValueType.POINT,
                    "ARRAY[" + ra + ", " + dec + "]::double precision[]",
                    List.of(ra, dec),
                    consts,
                    cs,
                    null,
                    null);
        }

        private Geo constructor(FunctionCall f) {
            List<Expr> a = f.args();
            String cs = null;
            int first = 0;
            int numbers =
                    switch (f.name()) {
                        case "POINT" -> 2;
                        case "CIRCLE" -> a.size() == 2 ? -1 : 3;
                        case "BOX" -> 4;
                        default -> a.size() % 2 == 0 ? a.size() : a.size() - 1;
                    };
            if (f.name().equals("POLYGON")
                    && a.stream().allMatch(x -> q.type(x) == ValueType.POINT)) numbers = -2;
            if (numbers > 0 && a.size() > numbers) {
                first = a.size() - numbers;
                if (a.get(0) instanceof Literal l && l.kind() == Literal.Kind.STRING) cs = l.text();
            }
            List<String> coords = new ArrayList<>();
            List<Double> consts = new ArrayList<>();
            if (numbers == -1) { // CIRCLE(point, radius)
                Geo c = geo(a.get(0));
                coords.add(coord(c, 0));
                coords.add(coord(c, 1));
                coords.add("(" + sql(a.get(1)) + ")");
                consts = null;
            } else if (numbers == -2) { // POLYGON(point, point, point, ...)
                for (Expr x : a) {
                    Geo p = geo(x);
                    coords.add(coord(p, 0));
                    coords.add(coord(p, 1));
                }
                consts = null;
            } else {
                for (int i = first; i < a.size(); i++) {
                    coords.add("(" + sql(a.get(i)) + ")");
                    Double d = constant(a.get(i));
                    if (consts != null && d != null) consts.add(d);
                    else consts = null;
                }
            }
            ValueType kind =
                    switch (f.name()) {
                        case "POINT" -> ValueType.POINT;
                        case "CIRCLE" -> ValueType.CIRCLE;
                        case "BOX" -> ValueType.BOX;
                        default -> ValueType.POLYGON;
                    };
            if (kind == ValueType.BOX) {
                // ADQL 2.0 BOX (deprecated in 2.1): centre and full width/height, approximated by
                // its corners
                String ra = coords.get(0),
                        dec = coords.get(1),
                        w = coords.get(2) + " / 2.0",
                        h = coords.get(3) + " / 2.0";
                coords =
                        List.of(
                                ra + " - " + w,
                                dec + " - " + h,
                                ra + " + " + w,
                                dec + " - " + h,
                                ra + " + " + w,
                                dec + " + " + h,
                                ra + " - " + w,
                                dec + " + " + h);
                if (consts != null) {
                    double r0 = consts.get(0),
                            d0 = consts.get(1),
                            w0 = consts.get(2),
                            h0 = consts.get(3);
                    consts =
                            List.of(
                                    r0 - w0 / 2,
                                    d0 - h0 / 2,
                                    r0 + w0 / 2,
                                    d0 - h0 / 2,
                                    r0 + w0 / 2,
                                    d0 + h0 / 2,
                                    r0 - w0 / 2,
                                    d0 + h0 / 2);
                }
                kind = ValueType.POLYGON;
            }
            SkyPosition pos = null;
            String qualifier = null;
            if (kind == ValueType.POINT
                    && a.get(first) instanceof ColumnRef rc
                    && a.get(first + 1) instanceof ColumnRef dc) {
                Binding rb = q.binding(rc), db = q.binding(dc);
                if (rb != null
                        && db != null
                        && rb.sqlQualifier() != null
                        && rb.sqlQualifier().equals(db.sqlQualifier())
                        && rb.column() != null
                        && db.column() != null) {
                    SkyPosition sp = positionOf(rc);
                    if (sp != null
                            && sp.ra().equalsIgnoreCase(rb.column().name())
                            && sp.dec().equalsIgnoreCase(db.column().name())) {
                        pos = sp;
                        qualifier = rb.sqlQualifier();
                    }
                }
            }
            return new Geo(
                    kind,
                    "ARRAY[" + String.join(", ", coords) + "]::double precision[]",
                    coords,
                    consts,
                    cs,
                    pos,
                    qualifier);
        }

        private SkyPosition positionOf(ColumnRef c) {
            Binding b = q.binding(c);
            // the table of the binding: find the TableRef with that alias
            for (var e : tableRefs())
                if (b.sqlQualifier().equals(q.alias(e)) && q.table(e) != null)
                    return q.table(e).position();
            return null;
        }

        private List<FromItem.TableRef> refs;

        List<FromItem.TableRef> tableRefs() {
            if (refs == null) {
                refs = new ArrayList<>();
                collect(q.statement());
            }
            return refs;
        }

        private void collect(Statement s) {
            for (WithQuery w : s.with()) collect(w.query());
            collect(s.body());
        }

        private void collect(QueryExpr e) {
            if (e instanceof SetOperation op) {
                collect(op.left());
                collect(op.right());
                return;
            }
            Select s = (Select) e;
            for (FromItem f : s.from()) collect(f);
            collectExprs(s);
        }

        private void collect(FromItem f) {
            if (f instanceof FromItem.TableRef t) refs.add(t);
            else if (f instanceof FromItem.Derived d) collect(d.query());
            else {
                FromItem.Join j = (FromItem.Join) f;
                collect(j.left());
                collect(j.right());
                if (j.on() != null) collectExpr(j.on());
            }
        }

        private void collectExprs(Select s) {
            for (SelectItem i : s.items())
                if (i instanceof SelectItem.Derived d) collectExpr(d.expr());
            if (s.where() != null) collectExpr(s.where());
            if (s.having() != null) collectExpr(s.having());
        }

        private void collectExpr(Expr e) {
            // subqueries inside expressions may hold table references too
            if (e instanceof Subquery s) collect(s.query());
            else if (e instanceof InQuery i) collect(i.query());
            else if (e instanceof Exists x) collect(x.query());
            for (Expr x : Exprs.children(e)) collectExpr(x);
        }

        String coord(Geo g, int i) {
            if (g.coords() != null) return g.coords().get(i);
            return "(" + g.dali() + ")[" + (i + 1) + "]";
        }

        private Geo castGeo(Cast c) {
            ValueType kind = ValueType.ofAdqlType(c.type());
            if (c.value() instanceof Literal l && l.kind() == Literal.Kind.NULL)
                return new Geo(
                        kind, "CAST(NULL AS double precision[])", null, null, null, null, null);
            String text = ((Literal) c.value()).text().trim();
            String[] parts = text.isEmpty() ? new String[0] : text.split("[\\s,]+");
            List<String> coords = new ArrayList<>();
            List<Double> consts = new ArrayList<>();
            for (String p : parts) {
                try {
                    double d = Double.parseDouble(p);
                    if (!Double.isFinite(d)) throw new NumberFormatException();
                    consts.add(d);
                    coords.add(number(d));
                } catch (NumberFormatException ex) {
                    throw new Unsupported(
                            c.pos(),
                            "'" + text + "' is not a list of numbers for CAST to " + c.type());
                }
            }
            int n = consts.size();
            boolean ok =
                    switch (kind) {
                        case POINT -> n == 2;
                        case CIRCLE -> n == 3;
                        default -> n >= 6 && n % 2 == 0;
                    };
            if (!ok)
                throw new Unsupported(
                        c.pos(), "'" + text + "' has the wrong number of values for a " + c.type());
            return new Geo(
                    kind,
                    "ARRAY[" + String.join(", ", coords) + "]::double precision[]",
                    coords,
                    consts,
                    null,
                    null,
                    null);
        }

        /** The value of a numeric expression made of literals only, else null (used for index ranges). */
        Double constant(Expr e) {
            if (e instanceof Literal l && l.isNumeric()) {
                try {
                    return l.kind() == Literal.Kind.HEX
                            ? new BigInteger(l.text().substring(2), 16).doubleValue()
                            : Double.parseDouble(l.text());
                } catch (NumberFormatException x) {
                    return null;
                }
            }
            if (e instanceof Unary u && !u.op().equals("~")) {
                Double d = constant(u.operand());
                return d == null ? null : u.op().equals("-") ? -d : d;
            }
            if (e instanceof Binary b) {
                Double acc = constant(b.operands().get(0));
                for (int i = 0; acc != null && i < b.ops().size(); i++) {
                    Double l = acc, r = constant(b.operands().get(i + 1));
                    if (r == null) return null;
                    acc =
                            switch (b.ops().get(i)) {
                                case "+" -> l + r;
                                case "-" -> l - r;
                                case "*" -> l * r;
                                case "/" -> r == 0 ? null : l / r;
                                default -> null;
                            };
                }
                return acc;
            }
            return null;
        }

        /** SQL for CONTAINS/INTERSECTS being true (positive) — the caller negates for "= 0". */
        String spatialPredicate(FunctionCall f, boolean positive) {
            Geo a = geo(f.arg(0));
            Geo b = geo(f.arg(1));
            boolean contains = f.name().equals("CONTAINS");
            // INTERSECTS with a point is containment of that point (ADQL 2.1 §4.2.11)
            if (!contains && b.kind() == ValueType.POINT && a.kind() != ValueType.POINT) {
                Geo t = a;
                a = b;
                b = t;
                contains = true;
            } else if (!contains && a.kind() == ValueType.POINT) {
                contains = true;
            }
            return spatialCondition(this, a, b, contains, positive);
        }

        String dbName(Geo p, String column) {
            for (var t : tableRefs()) {
                if (p.qualifier().equals(q.alias(t)) && q.table(t) != null)
                    return q.table(t).column(column).dbName();
            }
            return column;
        }

        String xtype(Geo g) {
            return switch (g.kind()) {
                case POINT -> "'point'";
                case CIRCLE -> "'circle'";
                case POLYGON, BOX -> "'polygon'";
                default -> throw new Unsupported(null, "unsupported geometry type " + g.kind());
            };
        }

        void distance(StringBuilder sb, FunctionCall f) {
            if (f.args().size() == 4) {
                String ra1 = "(" + sql(f.arg(0)) + ")";
                String dec1 = "(" + sql(f.arg(1)) + ")";
                String ra2 = "(" + sql(f.arg(2)) + ")";
                String dec2 = "(" + sql(f.arg(3)) + ")";
                sb.append(PostgresTranslator.this.distance(ra1, dec1, ra2, dec2));
            } else {
                sb.append(PostgresTranslator.this.distance(this, geo(f.arg(0)), geo(f.arg(1))));
            }
        }

        void area(StringBuilder sb, FunctionCall f) {
            Geo g = geo(f.arg(0));
            if (g.kind() == ValueType.POINT) {
                sb.append("0.0::double precision");
            } else {
                sb.append(PostgresTranslator.this.area(this, g));
            }
        }
    }

    // ------------------------------------------------------------------ lexical helpers

    /** A double-quoted SQL identifier. */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0)
            throw new Unsupported(null, "names cannot contain NUL characters");
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal that means the same whatever standard_conforming_strings is set to. */
    public static String stringLiteral(String s) {
        if (s.indexOf('\0') >= 0)
            throw new Unsupported(null, "strings cannot contain NUL characters");
        String body = s.replace("'", "''");
        if (body.indexOf('\\') >= 0) return "E'" + body.replace("\\", "\\\\") + "'";
        return "'" + body + "'";
    }

    /** A plain decimal rendering of a finite double (no exponent), for pgSphere text input. */
    static String plain(double d) {
        if (!Double.isFinite(d)) throw new Unsupported(null, "non-finite number");
        return new java.math.BigDecimal(Double.toString(d)).toPlainString();
    }

    static String number(double d) {
        if (!Double.isFinite(d)) throw new Unsupported(null, "non-finite number");
        return Double.toString(d).replace("E", "e") + "::double precision";
    }
}
