package org.gammavo.adql.tree;

import java.util.List;

import org.gammavo.adql.tree.Expr.*;

/**
 * Renders a tree back to ADQL text. Compound operands are always parenthesised, so parsing the output
 * gives back an equal tree (parentheses are not nodes).
 */
public final class AdqlRenderer {
    private AdqlRenderer() { }

    public static String render(Statement s) {
        StringBuilder sb = new StringBuilder();
        if (!s.with().isEmpty()) {
            sb.append("WITH ");
            for (int i = 0; i < s.with().size(); i++) {
                WithQuery w = s.with().get(i);
                if (i > 0) sb.append(", ");
                ident(sb, w.name());
                if (!w.columns().isEmpty()) { sb.append(" ("); idents(sb, w.columns()); sb.append(')'); }
                sb.append(" AS (");
                query(sb, w.query());
                sb.append(')');
            }
            sb.append(' ');
        }
        query(sb, s.body());
        return sb.toString();
    }

    public static String render(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    static void query(StringBuilder sb, QueryExpr q) {
        if (q instanceof Select s) { select(sb, s); return; }
        SetOperation op = (SetOperation) q;
        operand(sb, op.left());
        sb.append(' ').append(op.kind()).append(op.all() ? " ALL " : " ");
        operand(sb, op.right());
        orderOffset(sb, op.orderBy(), op.offset());
    }

    private static void operand(StringBuilder sb, QueryExpr q) {
        boolean paren = q instanceof SetOperation || !q.orderBy().isEmpty() || q.offset() != null;
        if (paren) sb.append('(');
        query(sb, q);
        if (paren) sb.append(')');
    }

    private static void select(StringBuilder sb, Select s) {
        sb.append("SELECT ");
        if (s.distinct()) sb.append("DISTINCT ");
        if (s.top() != null) sb.append("TOP ").append(s.top()).append(' ');
        for (int i = 0; i < s.items().size(); i++) {
            if (i > 0) sb.append(", ");
            SelectItem it = s.items().get(i);
            if (it instanceof SelectItem.AllColumns) sb.append('*');
            else if (it instanceof SelectItem.QualifiedAll q) { idents(sb, q.qualifier(), "."); sb.append(".*"); }
            else {
                SelectItem.Derived d = (SelectItem.Derived) it;
                expr(sb, d.expr());
                if (d.alias() != null) { sb.append(" AS "); ident(sb, d.alias()); }
            }
        }
        sb.append(" FROM ");
        for (int i = 0; i < s.from().size(); i++) {
            if (i > 0) sb.append(", ");
            from(sb, s.from().get(i));
        }
        if (s.where() != null) { sb.append(" WHERE "); expr(sb, s.where()); }
        if (!s.groupBy().isEmpty()) {
            sb.append(" GROUP BY ");
            for (int i = 0; i < s.groupBy().size(); i++) { if (i > 0) sb.append(", "); expr(sb, s.groupBy().get(i)); }
        }
        if (s.having() != null) { sb.append(" HAVING "); expr(sb, s.having()); }
        orderOffset(sb, s.orderBy(), s.offset());
    }

    private static void orderOffset(StringBuilder sb, List<OrderItem> order, Long offset) {
        if (!order.isEmpty()) {
            sb.append(" ORDER BY ");
            for (int i = 0; i < order.size(); i++) {
                if (i > 0) sb.append(", ");
                expr(sb, order.get(i).expr());
                if (order.get(i).descending()) sb.append(" DESC");
            }
        }
        if (offset != null) sb.append(" OFFSET ").append(offset);
    }

    private static void from(StringBuilder sb, FromItem f) {
        if (f instanceof FromItem.TableRef t) {
            if (t.catalog() != null) { ident(sb, t.catalog()); sb.append('.'); }
            if (t.schema() != null) { ident(sb, t.schema()); sb.append('.'); }
            ident(sb, t.table());
            if (t.alias() != null) { sb.append(" AS "); ident(sb, t.alias()); }
        } else if (f instanceof FromItem.Derived d) {
            sb.append('(');
            query(sb, d.query());
            sb.append(") AS ");
            ident(sb, d.alias());
        } else {
            FromItem.Join j = (FromItem.Join) f;
            from(sb, j.left());
            if (j.type() == FromItem.JoinType.CROSS) sb.append(" CROSS JOIN ");
            else {
                sb.append(j.natural() ? " NATURAL " : " ");
                sb.append(switch (j.type()) {
                    case LEFT -> "LEFT OUTER "; case RIGHT -> "RIGHT OUTER "; case FULL -> "FULL OUTER ";
                    // INNER JOIN without ON/USING is refused (IVOA validation set); JOIN alone means the same
                    default -> j.natural() || j.on() != null || j.using() != null ? "INNER " : "";
                }).append("JOIN ");
            }
            boolean paren = j.right() instanceof FromItem.Join;
            if (paren) sb.append('(');
            from(sb, j.right());
            if (paren) sb.append(')');
            if (j.on() != null) { sb.append(" ON "); expr(sb, j.on()); }
            if (j.using() != null) { sb.append(" USING ("); idents(sb, j.using()); sb.append(')'); }
        }
    }

    private static void sub(StringBuilder sb, Expr e) {
        boolean atomic = e instanceof Literal l ? !(l.isNumeric() && l.text().startsWith("-"))
                : e instanceof ColumnRef || e instanceof FunctionCall || e instanceof Cast || e instanceof Case
                || e instanceof Subquery;
        if (!atomic) sb.append('(');
        expr(sb, e);
        if (!atomic) sb.append(')');
    }

    static void expr(StringBuilder sb, Expr e) {
        if (e instanceof Literal l) {
                switch (l.kind()) {
                    case STRING -> sb.append('\'').append(l.text().replace("'", "''")).append('\'');
                    case NULL -> sb.append("NULL");
                    case TRUE -> sb.append("TRUE");
                    case FALSE -> sb.append("FALSE");
                    default -> sb.append(l.text());
                }
        } else if (e instanceof ColumnRef c) { idents(sb, c.parts(), ".");
        } else if (e instanceof Unary u) { sb.append(u.op()); sub(sb, u.operand());
        } else if (e instanceof Binary b) {
                sub(sb, b.operands().get(0));
                for (int k = 0; k < b.ops().size(); k++) { sb.append(' ').append(b.ops().get(k)).append(' '); sub(sb, b.operands().get(k + 1)); }
        } else if (e instanceof Comparison c) { sub(sb, c.left()); sb.append(' ').append(c.op()).append(' '); sub(sb, c.right());
        } else if (e instanceof And a) { junction(sb, a.operands(), " AND ");
        } else if (e instanceof Or o) { junction(sb, o.operands(), " OR ");
        } else if (e instanceof Not n) { sb.append("NOT "); sub(sb, n.operand());
        } else if (e instanceof Between b) {
                sub(sb, b.value()); sb.append(b.not() ? " NOT BETWEEN " : " BETWEEN ");
                sub(sb, b.low()); sb.append(" AND "); sub(sb, b.high());
        } else if (e instanceof Like l) {
                sub(sb, l.value()); sb.append(l.not() ? " NOT" : "").append(l.caseInsensitive() ? " ILIKE " : " LIKE ");
                sub(sb, l.pattern());
                if (l.escape() != null) { sb.append(" ESCAPE "); sub(sb, l.escape()); }
        } else if (e instanceof InList i) {
                sub(sb, i.value()); sb.append(i.not() ? " NOT IN (" : " IN (");
                for (int k = 0; k < i.list().size(); k++) { if (k > 0) sb.append(", "); expr(sb, i.list().get(k)); }
                sb.append(')');
        } else if (e instanceof InQuery i) { sub(sb, i.value()); sb.append(i.not() ? " NOT IN (" : " IN ("); query(sb, i.query()); sb.append(')');
        } else if (e instanceof Exists x) { sb.append("EXISTS ("); query(sb, x.query()); sb.append(')');
        } else if (e instanceof IsNull n) { sub(sb, n.value()); sb.append(n.not() ? " IS NOT NULL" : " IS NULL");
        } else if (e instanceof FunctionCall f) {
                sb.append(f.name()).append('(');
                if (f.distinct()) sb.append("DISTINCT ");
                for (int k = 0; k < f.args().size(); k++) { if (k > 0) sb.append(", "); expr(sb, f.args().get(k)); }
                sb.append(')');
        } else if (e instanceof Star s) { sb.append('*');
        } else if (e instanceof Cast c) {
                sb.append("CAST("); expr(sb, c.value()); sb.append(" AS ").append(c.type());
                if (c.length() != null) sb.append('(').append(c.length()).append(')');
                sb.append(')');
        } else if (e instanceof Case c) {
                sb.append("CASE");
                if (c.operand() != null) { sb.append(' '); sub(sb, c.operand()); }
                for (When w : c.whens()) {
                    sb.append(" WHEN "); expr(sb, w.condition()); sb.append(" THEN "); sub(sb, w.result());
                }
                if (c.otherwise() != null) { sb.append(" ELSE "); sub(sb, c.otherwise()); }
                sb.append(" END");
        } else if (e instanceof Subquery s) { sb.append('('); query(sb, s.query()); sb.append(')');
        }
    }

    private static void junction(StringBuilder sb, List<Expr> operands, String op) {
        for (int k = 0; k < operands.size(); k++) { if (k > 0) sb.append(op); sub(sb, operands.get(k)); }
    }

    private static void idents(StringBuilder sb, List<Ident> ids) { idents(sb, ids, ", "); }

    private static void idents(StringBuilder sb, List<Ident> ids, String sep) {
        for (int i = 0; i < ids.size(); i++) { if (i > 0) sb.append(sep); ident(sb, ids.get(i)); }
    }

    static void ident(StringBuilder sb, Ident id) {
        if (id.delimited()) sb.append('"').append(id.name().replace("\"", "\"\"")).append('"');
        else sb.append(id.name());
    }
}
