package org.gammavo.adql.tree;

import java.util.ArrayList;
import java.util.List;

import org.gammavo.adql.tree.Expr.*;

/** Helpers over expressions. */
public final class Exprs {
    private Exprs() { }

    /** Aggregate function names (ADQL 2.1 §2.4 set functions). */
    public static boolean isAggregate(Expr e) {
        return e instanceof FunctionCall f && !f.udf()
                && switch (f.name()) { case "COUNT", "AVG", "MIN", "MAX", "SUM" -> true; default -> false; };
    }

    /** Direct sub-expressions, not descending into subqueries. */
    public static List<Expr> children(Expr e) {
        List<Expr> c = new ArrayList<>(3);
        if (e instanceof Unary u) c.add(u.operand());
        else if (e instanceof Binary b) c.addAll(b.operands());
        else if (e instanceof Comparison b) { c.add(b.left()); c.add(b.right()); }
        else if (e instanceof And b) c.addAll(b.operands());
        else if (e instanceof Or b) c.addAll(b.operands());
        else if (e instanceof Not n) c.add(n.operand());
        else if (e instanceof Between b) { c.add(b.value()); c.add(b.low()); c.add(b.high()); }
        else if (e instanceof Like l) { c.add(l.value()); c.add(l.pattern()); if (l.escape() != null) c.add(l.escape()); }
        else if (e instanceof InList i) { c.add(i.value()); c.addAll(i.list()); }
        else if (e instanceof InQuery i) c.add(i.value());
        else if (e instanceof IsNull n) c.add(n.value());
        else if (e instanceof FunctionCall f) c.addAll(f.args());
        else if (e instanceof Cast k) c.add(k.value());
        else if (e instanceof Case k) {
            if (k.operand() != null) c.add(k.operand());
            for (When w : k.whens()) { c.add(w.condition()); c.add(w.result()); }
            if (k.otherwise() != null) c.add(k.otherwise());
        }
        return c;
    }

    /** The first aggregate call in {@code e} outside subqueries, or null. */
    public static Expr findAggregate(Expr e) {
        if (isAggregate(e)) return e;
        for (Expr x : children(e)) {
            Expr a = findAggregate(x);
            if (a != null) return a;
        }
        return null;
    }
}
