package org.gammavo.adql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.parser.AdqlParser.*;
import org.gammavo.adql.tree.*;
import org.gammavo.adql.tree.Expr.*;

/**
 * Turns the ANTLR parse tree into the immutable ADQL tree, enforcing the rules the grammar leaves open:
 * reserved words, function names and arities, version (2.0 vs 2.1) features, "a value is not a condition".
 */
final class AstBuilder {

    /** Unchecked carrier so the recursive descent can stop at the first error. */
    static final class Fail extends RuntimeException {
        final AdqlException error;
        Fail(AdqlException error) { super(error.getMessage(), null, false, false); this.error = error; }
    }

    private final boolean v21;
    private final Map<String, UserFunction> udfs;

    AstBuilder(AdqlVersion version, Map<String, UserFunction> udfs) {
        this.v21 = version == AdqlVersion.V2_1;
        this.udfs = udfs;
    }

    static Pos pos(ParserRuleContext c) { return pos(c.getStart()); }

    static Pos pos(Token t) { return new Pos(t.getLine(), t.getCharPositionInLine() + 1); }

    static Fail fail(Pos p, String msg) { return new Fail(AdqlException.at(p, msg)); }

    private void need21(Pos p, String feature) {
        if (!v21) throw fail(p, feature + " is not part of ADQL 2.0 (use ADQL 2.1)");
    }

    // ------------------------------------------------------------------ statements

    Statement statement(StatementContext c) {
        List<WithQuery> with = new ArrayList<>();
        if (c.withClause() != null) {
            need21(pos(c.withClause()), "WITH (common table expressions)");
            for (WithQueryContext w : c.withClause().withQuery()) {
                List<IdentifierContext> ids = w.identifier();
                List<Ident> cols = new ArrayList<>();
                for (int i = 1; i < ids.size(); i++) cols.add(ident(ids.get(i)));
                with.add(new WithQuery(ident(ids.get(0)), cols, queryExpr(w.queryExpr()), pos(w)));
            }
        }
        return new Statement(with, queryExpr(c.queryExpr()), pos(c));
    }

    QueryExpr queryExpr(QueryExprContext c) {
        List<QueryTermContext> terms = c.queryTerm();
        QueryExpr result = queryTerm(terms.get(0));
        if (terms.size() == 1) return result;
        need21(pos(c), "UNION/EXCEPT");
        int t = 1;
        boolean all = false;
        SetOperation.Kind kind = null;
        Pos opPos = null;
        for (ParseTree ch : c.children) {
            if (ch instanceof TerminalNode tn) {
                int type = tn.getSymbol().getType();
                if (type == AdqlParser.UNION || type == AdqlParser.EXCEPT) {
                    kind = type == AdqlParser.UNION ? SetOperation.Kind.UNION : SetOperation.Kind.EXCEPT;
                    all = false;
                    opPos = pos(tn.getSymbol());
                } else if (type == AdqlParser.ALL) all = true;
            } else if (ch != terms.get(0)) {
                QueryTermContext tc = terms.get(t++);
                result = new SetOperation(kind, all, result, queryTerm(tc), List.of(), null, opPos);
            }
        }
        return liftOrder((SetOperation) result, liftable(terms.get(terms.size() - 1)));
    }

    private QueryExpr queryTerm(QueryTermContext c) {
        List<QueryPrimaryContext> prims = c.queryPrimary();
        QueryExpr result = queryPrimary(prims.get(0));
        if (prims.size() == 1) return result;
        need21(pos(c), "INTERSECT");
        int t = 1;
        boolean all = false;
        Pos opPos = null;
        for (ParseTree ch : c.children) {
            if (ch instanceof TerminalNode tn) {
                if (tn.getSymbol().getType() == AdqlParser.INTERSECT) { all = false; opPos = pos(tn.getSymbol()); }
                else if (tn.getSymbol().getType() == AdqlParser.ALL) all = true;
            } else if (ch != prims.get(0)) {
                result = new SetOperation(SetOperation.Kind.INTERSECT, all, result, queryPrimary(prims.get(t++)),
                        List.of(), null, opPos);
            }
        }
        return liftOrder((SetOperation) result, prims.get(prims.size() - 1).select() != null);
    }

    /** True when the last operand of a set operation was written without parentheses. */
    private static boolean liftable(QueryTermContext last) {
        return last.queryPrimary().size() > 1 || last.queryPrimary(0).select() != null;
    }

    /**
     * SQL rule: an ORDER BY / OFFSET written after the last, unparenthesised operand of a set operation
     * applies to the whole result, so it moves from that operand to the set operation.
     */
    private static QueryExpr liftOrder(SetOperation op, boolean lastUnparenthesised) {
        if (!lastUnparenthesised) return op;
        QueryExpr right = op.right();
        if (right.orderBy().isEmpty() && right.offset() == null) return op;
        QueryExpr stripped = right instanceof Select s ? s.withOrderAndOffset(List.of(), null)
                : strip((SetOperation) right);
        return new SetOperation(op.kind(), op.all(), op.left(), stripped, right.orderBy(), right.offset(), op.pos());
    }

    private static SetOperation strip(SetOperation s) {
        return new SetOperation(s.kind(), s.all(), s.left(), s.right(), List.of(), null, s.pos());
    }

    private QueryExpr queryPrimary(QueryPrimaryContext c) {
        return c.select() != null ? select(c.select()) : queryExpr(c.queryExpr());
    }

    private Select select(SelectContext c) {
        Long top = null;
        if (c.top != null) top = number(c.top, "TOP");
        List<SelectItem> items = new ArrayList<>();
        SelectListContext sl = c.selectList();
        for (SelectItemContext ic : sl.selectItem()) {
            if (ic instanceof StarContext st) {
                items.add(new SelectItem.AllColumns(pos(st)));
            } else if (ic instanceof QualifiedStarContext q) {
                items.add(new SelectItem.QualifiedAll(names(q.qualifiedName(), 3, "table"), pos(q)));
            } else {
                DerivedColumnContext d = (DerivedColumnContext) ic;
                items.add(new SelectItem.Derived(expr(d.expr()), d.identifier() == null ? null : ident(d.identifier()), pos(d)));
            }
        }
        List<FromItem> from = new ArrayList<>();
        for (FromItemContext f : c.fromItem()) from.add(fromItem(f));
        Expr where = c.where == null ? null : condition(c.where);
        List<Expr> groupBy = new ArrayList<>();
        for (ExprContext g : c.groupBy) {
            Expr e = expr(g);
            if (!(e instanceof ColumnRef)) need21(pos(g), "grouping by an expression");
            groupBy.add(e);
        }
        Expr having = c.having == null ? null : condition(c.having);
        List<OrderItem> order = new ArrayList<>();
        for (OrderItemContext o : c.orderItem()) {
            Expr e = expr(o.expr());
            if (!(e instanceof ColumnRef) && !(e instanceof Literal l && l.kind() == Literal.Kind.INTEGER))
                need21(pos(o), "ordering by an expression");
            order.add(new OrderItem(e, o.dir != null && o.dir.getType() == AdqlParser.DESC, pos(o)));
        }
        Long offset = null;
        if (c.offset != null) {
            need21(pos(c.offset), "OFFSET");
            offset = number(c.offset, "OFFSET");
        }
        return new Select(c.quantifier != null && c.quantifier.getType() == AdqlParser.DISTINCT, top, items, from,
                where, groupBy, having, order, offset, pos(c));
    }

    private static long number(Token t, String what) {
        try {
            return Long.parseLong(t.getText());
        } catch (NumberFormatException e) {
            throw fail(pos(t), what + " value " + t.getText() + " is too large");
        }
    }

    // ------------------------------------------------------------------ FROM

    private FromItem fromItem(FromItemContext c) {
        if (c instanceof PrimaryFromContext p) return fromPrimary(p.fromPrimary());
        if (c instanceof CrossJoinContext j)
            return new FromItem.Join(FromItem.JoinType.CROSS, false, fromItem(j.fromItem()), fromPrimary(j.fromPrimary()),
                    null, null, pos(j));
        if (c instanceof NaturalJoinContext j)
            return new FromItem.Join(joinType(j.joinType()), true, fromItem(j.fromItem()), fromPrimary(j.fromPrimary()),
                    null, null, pos(j));
        QualifiedJoinContext j = (QualifiedJoinContext) c;
        JoinSpecContext spec = j.joinSpec();
        Expr on = null;
        List<Ident> using = null;
        if (spec == null) {
            // no specification: a cross join (the translator writes ON TRUE); the IVOA validation set
            // (lyonetia 2_from, d4c3a72c) holds that an explicit INNER JOIN needs one, see README
            if (j.joinType() != null && j.joinType().INNER() != null)
                throw fail(pos(j.joinType()), "INNER JOIN needs ON or USING; for a cross join write CROSS JOIN (or JOIN alone)");
        }
        else if (spec.condition() != null) on = condition(spec.condition());
        else {
            using = new ArrayList<>();
            for (IdentifierContext i : spec.identifier()) using.add(ident(i));
        }
        return new FromItem.Join(joinType(j.joinType()), false, fromItem(j.fromItem()), fromPrimary(j.fromPrimary()),
                on, using, pos(j));
    }

    private static FromItem.JoinType joinType(JoinTypeContext c) {
        if (c == null || c.kind == null) return FromItem.JoinType.INNER;
        return switch (c.kind.getType()) {
            case AdqlParser.LEFT -> FromItem.JoinType.LEFT;
            case AdqlParser.RIGHT -> FromItem.JoinType.RIGHT;
            default -> FromItem.JoinType.FULL;
        };
    }

    private FromItem fromPrimary(FromPrimaryContext c) {
        if (c instanceof TableRefContext t) {
            List<Ident> n = names(t.qualifiedName(), 3, "table");
            int k = n.size();
            return new FromItem.TableRef(k > 2 ? n.get(k - 3) : null, k > 1 ? n.get(k - 2) : null, n.get(k - 1),
                    t.identifier() == null ? null : ident(t.identifier()), pos(t));
        }
        if (c instanceof DerivedTableContext d)
            return new FromItem.Derived(queryExpr(d.queryExpr()), ident(d.identifier()), pos(d));
        return fromItem(((ParenFromContext) c).fromItem());
    }

    // ------------------------------------------------------------------ conditions

    Expr condition(ConditionContext c) {
        if (c instanceof OrCondContext || c instanceof AndCondContext) return junction(c);
        if (c instanceof NotCondContext n) return new Not(condition(n.condition()), pos(n));
        return predicate(((PredCondContext) c).predicate());
    }

    /**
     * An AND or OR chain. ANTLR nests a chain left-deep, one context per operator: walk that left spine in a loop
     * and make one n-ary node, so a chain of 100 000 ORs neither recurses here nor gives the checker and the
     * translator a tree 100 000 levels deep (issue #20).
     */
    private Expr junction(ConditionContext top) {
        boolean or = top instanceof OrCondContext;
        List<ConditionContext> rights = new ArrayList<>();
        ConditionContext x = top;
        while (or ? x instanceof OrCondContext : x instanceof AndCondContext) {
            List<ConditionContext> two = ((ParserRuleContext) x).getRuleContexts(ConditionContext.class);
            rights.add(two.get(1));
            x = two.get(0);
        }
        List<Expr> operands = new ArrayList<>(rights.size() + 1);
        addJunct(operands, condition(x), or);
        for (int i = rights.size() - 1; i >= 0; i--) addJunct(operands, condition(rights.get(i)), or);
        return or ? new Or(operands, pos(top)) : new And(operands, pos(top));
    }

    /** Adds an operand, splicing in a parenthesised chain of the same kind: (a OR b) OR c is a OR b OR c. */
    private static void addJunct(List<Expr> operands, Expr e, boolean or) {
        if (or && e instanceof Or o) operands.addAll(o.operands());
        else if (!or && e instanceof And a) operands.addAll(a.operands());
        else operands.add(e);
    }

    private Expr predicate(PredicateContext c) {
        if (c instanceof ComparisonContext k) {
            String op = k.compOp().getText();
            return new Comparison(op.equals("!=") ? "<>" : op, expr(k.expr(0)), expr(k.expr(1)), pos(k));
        }
        if (c instanceof BetweenContext b)
            return new Between(expr(b.expr(0)), expr(b.expr(1)), expr(b.expr(2)), b.NOT() != null, pos(b));
        if (c instanceof InSubqueryContext i)
            return new InQuery(expr(i.expr()), queryExpr(i.queryExpr()), i.NOT() != null, pos(i));
        if (c instanceof InListContext i) {
            // i.expr(k) scans the children from the start: take the list once (issue #20: it made IN lists quadratic)
            List<ExprContext> es = i.expr();
            List<Expr> list = new ArrayList<>(es.size() - 1);
            for (int k = 1; k < es.size(); k++) list.add(expr(es.get(k)));
            return new InList(expr(es.get(0)), list, i.NOT() != null, pos(i));
        }
        if (c instanceof LikeContext l) {
            boolean ilike = l.op.getType() == AdqlParser.ILIKE;
            if (ilike) need21(pos(l.op), "ILIKE");
            if (l.ESCAPE() != null) need21(pos(l.ESCAPE().getSymbol()), "LIKE ... ESCAPE");
            return new Like(expr(l.expr(0)), expr(l.expr(1)), l.ESCAPE() != null ? expr(l.expr(2)) : null,
                    l.NOT() != null, ilike, pos(l));
        }
        if (c instanceof IsNullContext n) return new IsNull(expr(n.expr()), n.NOT() != null, pos(n));
        if (c instanceof ExistsContext e) return new Exists(queryExpr(e.queryExpr()), pos(e));
        if (c instanceof ParenCondContext p) return condition(p.condition());
        BoolValueContext b = (BoolValueContext) c;
        Expr e = expr(b.expr());
        // ADQL 2.1 BNF <boolean_value_expression>: only a boolean literal or a user-defined function is a condition
        boolean ok = (e instanceof FunctionCall f && f.udf())
                || (e instanceof Literal l && (l.kind() == Literal.Kind.TRUE || l.kind() == Literal.Kind.FALSE));
        if (!ok) {
            String hint = e instanceof FunctionCall f && (f.name().equals("CONTAINS") || f.name().equals("INTERSECTS"))
                    ? "; write 1 = " + f.name() + "(...)" : "";
            throw fail(e.pos(), "a condition is expected here, not a value" + hint);
        }
        return e;
    }

    // ------------------------------------------------------------------ expressions

    Expr expr(ExprContext c) {
        if (c instanceof PrimaryExprContext p) return primary(p.primary());
        if (c instanceof UnaryContext u) {
            String op = u.op.getText();
            if (op.equals("~")) need21(pos(u), "bitwise operator ~");
            return new Unary(op, notGeometry(expr(u.expr()), op), pos(u));
        }
        return binary((BinaryContext) c);
    }

    /** Precedence level of a binary operator (as in the grammar): a chain holds operators of one level. */
    private static int level(String op) {
        return switch (op) { case "*", "/" -> 3; case "+", "-" -> 2; case "||" -> 1; default -> 0; };
    }

    /**
     * A chain of operators of one precedence level, as one {@link Binary} node. ANTLR nests a chain left-deep, one
     * context per operator: the left spine is walked in a loop (see {@link #junction}). The left operand of an
     * operator is never of a lower level without parentheses, so the recursion depth stays bounded.
     */
    private Expr binary(BinaryContext top) {
        int level = level(top.op.getText());
        List<BinaryContext> spine = new ArrayList<>();
        ExprContext x = top;
        while (x instanceof BinaryContext b && level(b.op.getText()) == level) {
            spine.add(b);
            x = b.expr(0);
        }
        List<Expr> operands = new ArrayList<>(spine.size() + 1);
        List<String> ops = new ArrayList<>(spine.size());
        operands.add(expr(x));
        for (int i = spine.size() - 1; i >= 0; i--) {
            BinaryContext b = spine.get(i);
            String op = b.op.getText();
            if (level == 0) need21(pos(b.op), "bitwise operator " + op);
            ops.add(op);
            operands.add(expr(b.expr(1)));
        }
        for (int i = 0; i < operands.size(); i++) notGeometry(operands.get(i), ops.get(Math.max(0, i - 1)));
        return new Binary(operands, ops, pos(spine.get(spine.size() - 1).op));
    }

    /**
     * The BNF allows no geometry function (a <geometry_value_function>) as operand of || (a <character_factor>) or
     * of arithmetic (a <numeric_primary>): POINT(...) || 'a' is an error even without metadata. Likewise a value
     * that is a string whatever the tables (a string literal, a || chain, LOWER/UPPER) is no number: SQL-92 (§6.12)
     * requires numeric operands for arithmetic, so 'text' * 2 is an error without metadata (lyonetia gavo set).
     */
    private static Expr notGeometry(Expr e, String op) {
        String what = null, kind = "a geometry";
        if (e instanceof FunctionCall f && !f.udf()) {
            switch (f.name()) {
                case "POINT", "CIRCLE", "BOX", "POLYGON", "REGION", "CENTROID" -> what = f.name() + "()";
                case "LOWER", "UPPER" -> { what = f.name() + "()"; kind = "a string"; }
                default -> { }
            }
        } else if (e instanceof Cast c && (c.type().equals("POINT") || c.type().equals("CIRCLE") || c.type().equals("POLYGON"))) {
            what = "CAST(... AS " + c.type() + ")";
        } else if (e instanceof Literal l && l.kind() == Literal.Kind.STRING) {
            what = "the literal '" + (l.text().length() > 20 ? l.text().substring(0, 20) + "..." : l.text()) + "'";
            kind = "a string";
        } else if (e instanceof Binary b && b.ops().get(0).equals("||")) {
            what = "a concatenation (||)";
            kind = "a string";
        }
        if (what == null || (kind.equals("a string") && op.equals("||"))) return e;
        String needs = op.equals("||") ? "strings" : op.equals("&") || op.equals("|") || op.equals("^") || op.equals("~") ? "integers" : "numbers";
        throw fail(e.pos(), "operator " + op + " needs " + needs + ", but " + what + " is " + kind);
    }

    private Expr primary(PrimaryContext c) {
        if (c instanceof LiteralExprContext l) return literal(l.literal());
        if (c instanceof ColumnRefContext r) return new ColumnRef(names(r.qualifiedName(), 4, "column"), pos(r));
        if (c instanceof ParenExprContext p) return expr(p.expr());
        if (c instanceof ScalarSubqueryContext s) return new Subquery(queryExpr(s.queryExpr()), pos(s));
        if (c instanceof CastContext k) return cast(k);
        if (c instanceof SimpleCaseContext k) {
            need21(pos(k), "CASE");
            List<When> whens = new ArrayList<>();
            for (SimpleWhenContext w : k.simpleWhen()) whens.add(new When(expr(w.expr(0)), expr(w.expr(1)), pos(w)));
            return new Case(expr(k.operand), whens, k.elseExpr == null ? null : expr(k.elseExpr), pos(k));
        }
        if (c instanceof SearchedCaseContext k) {
            need21(pos(k), "CASE");
            List<When> whens = new ArrayList<>();
            for (CaseWhenContext w : k.caseWhen()) whens.add(new When(condition(w.condition()), expr(w.expr()), pos(w)));
            return new Case(null, whens, k.elseExpr == null ? null : expr(k.elseExpr), pos(k));
        }
        if (c instanceof CountStarContext k) {
            Ident n = functionName(k.name);
            if (n.delimited() || !n.name().equalsIgnoreCase("COUNT"))
                throw fail(pos(k), "'*' is only allowed as argument of COUNT, not of " + n.name());
            return new FunctionCall("COUNT", List.of(new Star(pos(k.getStop()))), false, false, pos(k));
        }
        return call((CallContext) c);
    }

    private Expr literal(LiteralContext c) {
        Token t = c.getStart();
        Pos p = pos(t);
        String s = t.getText();
        return switch (t.getType()) {
            case AdqlParser.INTEGER -> new Literal(Literal.Kind.INTEGER, s, p);
            case AdqlParser.DECIMAL -> new Literal(Literal.Kind.DECIMAL, s, p);
            case AdqlParser.REAL -> new Literal(Literal.Kind.REAL, s, p);
            case AdqlParser.HEX -> {
                need21(p, "hexadecimal literal");
                yield new Literal(Literal.Kind.HEX, s, p);
            }
            case AdqlParser.STRING -> new Literal(Literal.Kind.STRING, stringValue(s), p);
            case AdqlParser.NULL -> new Literal(Literal.Kind.NULL, "", p);
            case AdqlParser.TRUE -> new Literal(Literal.Kind.TRUE, "", p);
            default -> new Literal(Literal.Kind.FALSE, "", p);
        };
    }

    /** The value of a STRING token: its quoted parts concatenated, separators and comments between them dropped. */
    static String stringValue(String token) {
        StringBuilder sb = new StringBuilder(token.length());
        int i = 0, n = token.length();
        while (i < n) {
            char c = token.charAt(i);
            if (c == '\'') {
                for (i++; ; ) {
                    char d = token.charAt(i);
                    if (d != '\'') { sb.append(d); i++; }
                    else if (i + 1 < n && token.charAt(i + 1) == '\'') { sb.append('\''); i += 2; }
                    else { i++; break; }
                }
            } else if (c == '-') {      // a comment between two parts, up to the end of its line
                while (i < n && token.charAt(i) != '\n' && token.charAt(i) != '\r') i++;
            } else i++;                 // white space between two parts
        }
        return sb.toString();
    }

    private static final java.util.Set<String> CAST_TYPES = java.util.Set.of("SMALLINT", "INTEGER", "BIGINT", "REAL",
            "DOUBLE PRECISION", "CHAR", "VARCHAR", "TIMESTAMP", "POINT", "CIRCLE", "POLYGON");

    private Expr cast(CastContext k) {
        need21(pos(k), "CAST");
        CastTypeContext t = k.castType();
        StringBuilder sb = new StringBuilder();
        for (IdentifierContext i : t.identifier()) {
            if (i.DELIMITED_ID() != null) throw fail(pos(i), "a type name is expected, not a quoted identifier");
            if (sb.length() > 0) sb.append(' ');
            sb.append(i.getText().toUpperCase(Locale.ROOT));
        }
        String type = sb.toString();
        if (type.equals("INT")) type = "INTEGER";
        if (type.equals("CHARACTER")) type = "CHAR";
        if (type.equals("CHARACTER VARYING")) type = "VARCHAR";
        if (!CAST_TYPES.contains(type))
            throw fail(pos(t), "cannot CAST to " + type + "; allowed types: SMALLINT, INTEGER, BIGINT, REAL, "
                    + "DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, POINT, CIRCLE, POLYGON");
        Integer len = null;
        if (t.length != null) {
            if (!type.equals("CHAR") && !type.equals("VARCHAR")) throw fail(pos(t.length), "only CHAR and VARCHAR take a length");
            len = (int) Math.min(Integer.MAX_VALUE, number(t.length, "length"));
        }
        return new Cast(expr(k.expr()), type, len, pos(k));
    }

    private Expr call(CallContext c) {
        Ident n = functionName(c.name);
        Pos p = pos(c);
        List<Expr> args = new ArrayList<>();
        for (ExprContext e : c.expr()) args.add(expr(e));
        boolean distinct = c.quant != null && c.quant.getType() == AdqlParser.DISTINCT;
        Builtins.Spec spec = n.delimited() ? null : Builtins.get(n.name());
        if (spec == null) {
            UserFunction f = n.delimited() ? null : udfs.get(n.name().toLowerCase(Locale.ROOT));
            if (f == null)
                throw fail(p, "unknown function " + n.name() + "()" + (ReservedWords.isReserved(n.name())
                        ? " (" + n.name().toUpperCase(Locale.ROOT) + " is a reserved word, not an ADQL function)" : ""));
            if (c.quant != null) throw fail(p, "DISTINCT/ALL is only allowed in aggregate functions");
            if (args.size() != f.params().size())
                throw fail(p, f.name() + "() takes " + f.params().size() + " argument(s), not " + args.size());
            return new FunctionCall(f.name(), args, false, true, p);
        }
        String name = spec.name();
        if (spec.since21()) need21(p, name + "()");
        if (c.quant != null && spec.category() != Builtins.Category.AGGREGATE)
            throw fail(p, "DISTINCT/ALL is only allowed in aggregate functions, not in " + name + "()");
        int k = args.size();
        if (k < spec.min() || (spec.max() >= 0 && k > spec.max()))
            throw fail(p, name + "() takes " + arity(spec) + " argument(s), not " + k);
        if (spec.category() == Builtins.Category.GEOMETRY) geometryArity(name, args, p);
        if ((name.equals("ROUND") || name.equals("TRUNCATE")) && k == 2 && !isSignedInteger(args.get(1)))
            throw fail(args.get(1).pos(), name + "() takes an integer number of decimal places as second argument");
        if (name.equals("RAND") && k == 1 && !isSignedInteger(args.get(0)))
            throw fail(args.get(0).pos(), "RAND() takes an integer seed");
        return new FunctionCall(name, args, distinct, false, p);
    }

    private static boolean isSignedInteger(Expr e) {
        if (e instanceof Unary u && (u.op().equals("-") || u.op().equals("+"))) e = u.operand();
        return e instanceof Literal l && l.kind() == Literal.Kind.INTEGER;
    }

    private static String arity(Builtins.Spec s) {
        if (s.max() < 0) return "at least " + s.min();
        return s.min() == s.max() ? String.valueOf(s.min()) : s.min() + " to " + s.max();
    }

    private static boolean isCoordSysLiteral(Expr e) {
        return e instanceof Literal l && (l.kind() == Literal.Kind.STRING || l.kind() == Literal.Kind.NULL);
    }

    /** Geometry constructors: the coordinate-system argument became optional in ADQL 2.1 (§4.2.1). */
    private void geometryArity(String name, List<Expr> a, Pos p) {
        int k = a.size();
        boolean cs = k > 0 && isCoordSysLiteral(a.get(0));
        switch (name) {
            case "POINT" -> {
                if (k == 2) { need21(p, "POINT without coordinate system"); if (cs) throw fail(p, "POINT() needs two coordinates"); }
            }
            case "CIRCLE" -> {
                if (k == 4) return;
                if (cs) throw fail(p, "CIRCLE() needs a centre (two coordinates or a POINT) and a radius");
                need21(p, "CIRCLE without coordinate system");
            }
            case "BOX" -> {
                if (k == 5) return;
                if (cs) throw fail(p, "BOX() needs a centre and two sizes");
                need21(p, "BOX without coordinate system");
            }
            case "POLYGON" -> {
                if (cs) {
                    if ((k - 1) % 2 != 0 || k - 1 < 6)
                        throw fail(p, "POLYGON() needs at least three vertices, each given by two coordinates");
                } else if (k % 2 == 1 && k >= 7) {
                    return; // coordinate system given by an expression
                } else {
                    need21(p, "POLYGON without coordinate system");
                    if (k < 6 && k % 2 == 0 && k != 4) throw fail(p, "POLYGON() needs at least three vertices");
                }
            }
            case "DISTANCE" -> {
                if (k == 3) throw fail(p, "DISTANCE() takes two points or four coordinates");
                if (k == 4) need21(p, "DISTANCE with four coordinates");
            }
            default -> { }
        }
    }

    // ------------------------------------------------------------------ identifiers

    private List<Ident> names(QualifiedNameContext q, int max, String what) {
        List<IdentifierContext> ids = q.identifier();
        if (ids.size() > max) throw fail(pos(q), "too many parts in " + what + " name " + q.getText());
        List<Ident> out = new ArrayList<>(ids.size());
        for (IdentifierContext i : ids) out.add(ident(i));
        return out;
    }

    /** Function names may be reserved words (they are looked up, not used as names). */
    private static Ident functionName(IdentifierContext c) {
        Token t = c.getStart();
        return new Ident(t.getText(), t.getType() == AdqlParser.DELIMITED_ID, pos(t));
    }

    Ident ident(IdentifierContext c) {
        Token t = c.getStart();
        String s = t.getText();
        if (t.getType() == AdqlParser.DELIMITED_ID)
            return new Ident(s.substring(1, s.length() - 1).replace("\"\"", "\""), true, pos(t));
        if (ReservedWords.isReserved(s))
            throw fail(pos(t), "'" + s + "' is a reserved word; write \"" + s + "\" (in double quotes) to use it as a name");
        return new Ident(s, false, pos(t));
    }
}
