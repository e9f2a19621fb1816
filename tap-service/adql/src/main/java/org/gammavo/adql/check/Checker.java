package org.gammavo.adql.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gammavo.adql.AdqlException;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.tree.*;
import org.gammavo.adql.tree.Expr.*;

/**
 * Checks a parsed statement against the published tables: every table, column and alias must exist and
 * be unambiguous, operand and argument types must fit, set operations must have matching widths.
 * All errors are collected; {@link #check} throws one {@link AdqlException} whose {@code all()} lists them.
 */
public final class Checker {
    private final TableSet tables;
    private final Map<String, UserFunction> udfs = new HashMap<>();

    /** At most this many errors are collected per query. */
    public static final int MAX_ERRORS = 100;

    public Checker(TableSet tables, List<UserFunction> userFunctions) {
        this.tables = tables;
        for (UserFunction f : userFunctions) udfs.put(f.name(), f);
    }

    public CheckedQuery check(Statement statement) throws AdqlException {
        Run r = new Run(new CheckedQuery(statement));
        for (WithQuery w : statement.with()) r.with(w);
        r.outputsOf(statement.body(), null);
        if (!r.errors.isEmpty()) throw AdqlException.of(r.errors);
        return r.out;
    }

    /** A WITH query: its name, SQL name and output columns. */
    private record Cte(WithQuery def, String sqlName, List<Output> outputs) { }

    private static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        /** Sources by lower-case alias or name, so duplicate detection is not quadratic in long FROM lists. */
        final Map<String, List<Source>> byName = new HashMap<>();
        final Map<String, Binding> merged = new HashMap<>();
        List<Output> outputs = List.of();

        Scope(Scope parent) { this.parent = parent; }
    }

    private final class Run {
        final CheckedQuery out;
        final List<AdqlException> errors = new ArrayList<>();
        final Set<String> usedAliases = new HashSet<>();
        final Map<String, Cte> ctes = new LinkedHashMap<>();

        Run(CheckedQuery out) { this.out = out; }

        /** Keeps the first {@link #MAX_ERRORS}: a 100 000-item IN list of the wrong type must not cost 100 000 exceptions. */
        void error(Node n, String msg) {
            if (errors.size() < MAX_ERRORS) errors.add(AdqlException.at(n == null ? null : n.pos(), msg));
        }

        String uniqueAlias(String base) {
            String b = base.length() > 50 ? base.substring(0, 50) : base;
            String a = b;
            for (int i = 2; !usedAliases.add(a.toLowerCase(Locale.ROOT)); i++) a = b + "_" + i;
            return a;
        }

        void with(WithQuery w) {
            String key = w.name().key();
            if (ctes.containsKey(key)) error(w.name(), "WITH query '" + w.name().name() + "' is defined twice");
            List<Output> outs = outputsOf(w.query(), null);
            if (!w.columns().isEmpty()) {
                if (w.columns().size() != outs.size()) {
                    error(w, "WITH query '" + w.name().name() + "' names " + w.columns().size() + " columns but its query returns " + outs.size());
                } else {
                    List<Output> renamed = new ArrayList<>();
                    for (int i = 0; i < outs.size(); i++) {
                        Output o = outs.get(i);
                        renamed.add(new Output(w.columns().get(i).name(), o.type(), o.expr(), o.source(), o.column()));
                    }
                    outs = renamed;
                }
            }
            ctes.put(key, new Cte(w, uniqueAlias(w.name().name()), outs));
        }

        // ------------------------------------------------------------ queries

        List<Output> outputsOf(QueryExpr q, Scope parent) {
            List<Output> outs;
            if (q instanceof Select s) outs = select(s, parent);
            else {
                SetOperation op = (SetOperation) q;
                List<Output> l = outputsOf(op.left(), parent), r = outputsOf(op.right(), parent);
                if (l.size() != r.size())
                    error(op, op.kind() + " needs the same number of columns on both sides (" + l.size() + " and " + r.size() + ")");
                outs = l;
                for (OrderItem o : op.orderBy()) {
                    Integer t = outputTarget(o, outs);
                    if (t == null) error(o, "ORDER BY of a " + op.kind() + " must name an output column or give its position");
                    else out.orderTargets.put(o, t);
                }
            }
            out.outputs.put(q, outs);
            return outs;
        }

        private Integer outputTarget(OrderItem o, List<Output> outs) {
            if (o.expr() instanceof Literal l && l.kind() == Literal.Kind.INTEGER) {
                long i;
                try { i = Long.parseLong(l.text()); } catch (NumberFormatException e) { i = -1; }
                if (i < 1 || i > outs.size()) {
                    error(o, "ORDER BY " + l.text() + ": there are only " + outs.size() + " output columns");
                    return -1;
                }
                return (int) i - 1;
            }
            if (o.expr() instanceof ColumnRef c && c.parts().size() == 1) {
                for (int i = 0; i < outs.size(); i++) if (c.column().matches(outs.get(i).name())) return i;
            }
            return null;
        }

        private List<Output> select(Select s, Scope parent) {
            Scope scope = new Scope(parent);
            List<List<Binding>> expansions = new ArrayList<>();
            for (FromItem f : s.from()) expansions.add(from(f, scope));
            List<Output> outs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (SelectItem it : s.items()) {
                if (it instanceof SelectItem.AllColumns) {
                    for (List<Binding> e : expansions) for (Binding b : e) outs.add(named(names, b.adqlName(), b.type(), null, b, b.column()));
                } else if (it instanceof SelectItem.QualifiedAll qa) {
                    Source src = findSource(scope, qa.qualifier());
                    if (src == null) error(qa, "'" + dotted(qa.qualifier()) + "' is not a table or alias of the FROM clause" + fromList(scope));
                    else for (Binding b : src.columns()) outs.add(named(names, b.adqlName(), b.type(), null, b, b.column()));
                } else {
                    SelectItem.Derived d = (SelectItem.Derived) it;
                    ValueType t = expr(d.expr(), scope);
                    Column col = d.expr() instanceof ColumnRef c && out.columns.get(c) != null ? out.columns.get(c).column() : null;
                    String name = d.alias() != null ? d.alias().name() : defaultName(d.expr());
                    outs.add(named(names, name, t, d.expr(), null, col));
                }
            }
            scope.outputs = outs;
            if (s.where() != null) condition(s.where(), scope, "WHERE");
            for (Expr g : s.groupBy()) {
                if (g instanceof ColumnRef c && c.parts().size() == 1 && !resolvable(c, scope)) {
                    Output o = outs.stream().filter(x -> c.column().matches(x.name())).findFirst().orElse(null);
                    if (o != null) { out.types.put(g, o.type()); continue; }
                }
                expr(g, scope);
            }
            if (s.having() != null) condition(s.having(), scope, "HAVING");
            for (OrderItem o : s.orderBy()) {
                Integer t = outputTarget(o, outs);
                if (t != null) out.orderTargets.put(o, t);
                else expr(o.expr(), scope);
            }
            noAggregate(s.where(), "WHERE");
            for (Expr g : s.groupBy()) noAggregate(g, "GROUP BY");
            checkGrouping(s, scope, outs);
            return outs;
        }

        private void noAggregate(Expr e, String clause) {
            Expr a = e == null ? null : Exprs.findAggregate(e);
            if (a != null) error(a, "aggregate functions are not allowed in " + clause + (clause.equals("WHERE") ? "; use HAVING" : ""));
        }

        /** SQL grouping rule: with GROUP BY or aggregates, other columns must be grouped or aggregated. */
        private void checkGrouping(Select s, Scope scope, List<Output> outs) {
            boolean aggregated = s.having() != null;
            for (SelectItem it : s.items()) if (it instanceof SelectItem.Derived d && Exprs.findAggregate(d.expr()) != null) aggregated = true;
            if (s.groupBy().isEmpty() && !aggregated) return;
            Set<String> local = new HashSet<>();
            for (Source src : scope.sources) local.add(src.sqlAlias());
            Set<String> grouped = new HashSet<>();
            Set<String> groupedOutputs = new HashSet<>();
            for (Expr g : s.groupBy()) {
                if (g instanceof ColumnRef c) {
                    Binding b = out.columns.get(c);
                    if (b != null) grouped.add(b.sqlQualifier() + "." + b.sqlName());
                    else groupedOutputs.add(c.column().name().toLowerCase(Locale.ROOT));
                }
            }
            for (int i = 0; i < s.items().size(); i++) {
                SelectItem it = s.items().get(i);
                if (it instanceof SelectItem.Derived d) {
                    if (d.alias() != null && groupedOutputs.contains(d.alias().name().toLowerCase(Locale.ROOT))) continue;
                    grouped(d.expr(), s, local, grouped);
                }
            }
            for (Output o : outs) {   // columns of * expansions
                Binding b = o.source();
                if (o.expr() == null && b != null && (b.sqlQualifier() == null || local.contains(b.sqlQualifier()))
                        && !grouped.contains(b.sqlQualifier() + "." + b.sqlName()))
                    error(s.items().get(0), "* includes column '" + b.adqlName() + "', which is neither in GROUP BY nor aggregated; list the columns instead");
            }
            if (s.having() != null) grouped(s.having(), s, local, grouped);
        }

        private void grouped(Expr e, Select s, Set<String> local, Set<String> grouped) {
            if (Exprs.isAggregate(e)) return;
            for (Expr g : s.groupBy()) if (!(g instanceof ColumnRef) && g.equals(e)) return;
            if (e instanceof ColumnRef c) {
                Binding b = out.columns.get(c);
                boolean isLocal = b != null && (b.sqlQualifier() == null || local.contains(b.sqlQualifier()));
                if (isLocal && !grouped.contains(b.sqlQualifier() + "." + b.sqlName()))
                    error(c, "column '" + c.column().name() + "' must appear in GROUP BY or be used in an aggregate function (COUNT, SUM, AVG, MIN, MAX)");
                return;
            }
            for (Expr x : Exprs.children(e)) grouped(x, s, local, grouped);
        }

        private Output named(Set<String> names, String base, ValueType t, Expr e, Binding b, Column c) {
            String n = base;
            for (int i = 2; !names.add(n.toLowerCase(Locale.ROOT)); i++) n = base + "_" + i;
            return new Output(n, t, e, b, c);
        }

        private String defaultName(Expr e) {
            if (e instanceof ColumnRef c) return c.column().name();
            if (e instanceof FunctionCall f) return f.name().toLowerCase(Locale.ROOT);
            if (e instanceof Cast) return "cast";
            return "expr";
        }

        // ------------------------------------------------------------ FROM

        private List<Binding> from(FromItem f, Scope scope) {
            if (f instanceof FromItem.TableRef t) return tableRef(t, scope);
            if (f instanceof FromItem.Derived d) {
                List<Output> outs = outputsOf(d.query(), scope.parent);
                String alias = uniqueAlias(d.alias().key());
                out.aliases.put(d, alias);
                return addSource(scope, alias, d.alias(), null, d.alias().name(), outs, d);
            }
            FromItem.Join j = (FromItem.Join) f;
            List<Binding> l = from(j.left(), scope), r = from(j.right(), scope);
            List<Binding> merged = new ArrayList<>();
            List<String> mergedNames = new ArrayList<>();
            if (j.using() != null) {
                for (Ident u : j.using()) {
                    Binding lb = find(l, u), rb = find(r, u);
                    if (lb == null || rb == null) {
                        error(u, "USING column '" + u.name() + "' must exist on both sides of the join");
                        continue;
                    }
                    merged.add(new Binding(null, lb.sqlName(), lb.adqlName(), lb.type(), lb.column(), "join"));
                    mergedNames.add(lb.adqlName());
                    if (!lb.sqlName().equals(rb.sqlName()))
                        error(u, "USING column '" + u.name() + "' has different database names on the two sides; use ON instead");
                }
                out.joinColumns.put(j, merged.stream().map(Binding::sqlName).toList());
            } else if (j.natural()) {
                List<String> common = new ArrayList<>();
                for (Binding lb : l) for (Binding rb : r)
                    if (lb.adqlName().equalsIgnoreCase(rb.adqlName()) && !mergedNames.contains(lb.adqlName())) {
                        merged.add(new Binding(null, lb.sqlName(), lb.adqlName(), lb.type(), lb.column(), "join"));
                        mergedNames.add(lb.adqlName());
                        common.add(lb.sqlName());
                    }
                out.joinColumns.put(j, common);
            }
            for (Binding m : merged) scope.merged.put(m.adqlName().toLowerCase(Locale.ROOT), m);
            if (j.on() != null) condition(j.on(), scope, "ON");
            List<Binding> all = new ArrayList<>(merged);
            for (Binding b : l) if (!mergedNames.contains(b.adqlName())) all.add(b);
            for (Binding b : r) if (!mergedNames.contains(b.adqlName())) all.add(b);
            return all;
        }

        private Binding find(List<Binding> cols, Ident name) {
            for (Binding b : cols) if (name.matches(b.adqlName())) return b;
            return null;
        }

        private List<Binding> tableRef(FromItem.TableRef t, Scope scope) {
            if (t.catalog() != null) {
                error(t.catalog(), "catalog names are not supported; write schema.table");
                return List.of();
            }
            if (t.schema() == null) {
                Cte cte = ctes.get(t.table().key());
                if (cte == null && !t.table().delimited()) {
                    for (Cte c : ctes.values()) if (t.table().matches(c.def().name().name())) cte = c;
                }
                if (cte != null) {
                    String alias = uniqueAlias(t.alias() != null ? t.alias().key() : cte.sqlName());
                    out.aliases.put(t, alias);
                    return addSource(scope, alias, t.alias(), null, cte.def().name().name(), cte.outputs(), t);
                }
            }
            Table table = lookup(t);
            if (table == null) return List.of();
            out.tables.put(t, table);
            String alias = uniqueAlias(t.alias() != null ? t.alias().key() : table.name().toLowerCase(Locale.ROOT));
            out.aliases.put(t, alias);
            List<Binding> cols = new ArrayList<>();
            for (Column c : table.columns())
                cols.add(new Binding(alias, c.dbName(), c.name(), ValueType.of(c), c, table.qualifiedName()));
            Source src = new Source(alias, t.alias(), table, table.name(), cols);
            checkDuplicate(scope, src, t);
            scope.sources.add(src);
            return cols;
        }

        private List<Binding> addSource(Scope scope, String alias, Ident adqlAlias, Table table, String name,
                                        List<Output> outs, FromItem item) {
            List<Binding> cols = new ArrayList<>();
            for (Output o : outs) cols.add(new Binding(alias, o.name(), o.name(), o.type(), o.column(), name));
            Source src = new Source(alias, adqlAlias, table, name, cols);
            checkDuplicate(scope, src, item);
            scope.sources.add(src);
            return cols;
        }

        private void checkDuplicate(Scope scope, Source src, FromItem item) {
            String b = src.alias() != null ? src.alias().key() : src.name().toLowerCase(Locale.ROOT);
            List<Source> same = scope.byName.computeIfAbsent(b.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            for (Source o : same) {
                if (o.alias() != null || src.alias() != null || o.table() == src.table()) {
                    error(item, "'" + b + "' appears twice in FROM; give one of them another alias (AS ...)");
                    break;
                }
            }
            same.add(src);
        }

        private Table lookup(FromItem.TableRef t) {
            List<Table> named = new ArrayList<>();
            for (Table x : tables.findByName(t.table().name())) if (t.table().matches(x.name())) named.add(x);
            if (t.schema() != null) {
                for (Table x : named) if (t.schema().matches(x.schema())) return x;
                boolean schemaExists = tables.schemas().stream().anyMatch(s -> t.schema().matches(s));
                if (!schemaExists) {
                    error(t.schema(), "schema '" + t.schema().name() + "' does not exist" + suggest(t.schema().name(), tables.schemas()));
                } else {
                    List<String> inSchema = new ArrayList<>();
                    for (Table x : tables.tables()) if (t.schema().matches(x.schema())) inSchema.add(x.name());
                    error(t.table(), "table '" + t.table().name() + "' does not exist in schema " + t.schema().name()
                            + suggest(t.table().name(), inSchema));
                }
                return null;
            }
            if (named.size() == 1) return named.get(0);
            if (named.size() > 1) {
                error(t.table(), "table '" + t.table().name() + "' exists in several schemas ("
                        + String.join(", ", named.stream().map(Table::qualifiedName).toList()) + "); write schema." + t.table().name());
                return null;
            }
            List<String> all = new ArrayList<>();
            for (Table x : tables.tables()) all.add(x.qualifiedName());
            for (Table x : tables.tables()) all.add(x.name());
            error(t.table(), "table '" + t.table().name() + "' does not exist" + suggest(t.table().name(), all));
            return null;
        }

        // ------------------------------------------------------------ columns

        private boolean matchesQualifier(Source s, List<Ident> q) {
            if (s.alias() != null) return q.size() == 1 && (q.get(0).delimited() || s.alias().delimited()
                    ? q.get(0).name().equals(s.alias().name()) : q.get(0).name().equalsIgnoreCase(s.alias().name()));
            Ident last = q.get(q.size() - 1);
            if (!last.matches(s.name())) return false;
            if (q.size() == 1) return true;
            return q.size() == 2 && s.table() != null && q.get(0).matches(s.table().schema());
        }

        private Source findSource(Scope scope, List<Ident> q) {
            for (Scope sc = scope; sc != null; sc = sc.parent)
                for (Source s : sc.sources) if (matchesQualifier(s, q)) return s;
            return null;
        }

        private boolean resolvable(ColumnRef c, Scope scope) {
            for (Scope sc = scope; sc != null; sc = sc.parent) {
                if (sc.merged.containsKey(c.column().key())) return true;
                for (Source s : sc.sources) if (find(s.columns(), c.column()) != null) return true;
            }
            return false;
        }

        private ValueType column(ColumnRef c, Scope scope) {
            Ident col = c.column();
            List<Ident> q = c.qualifier();
            for (Scope sc = scope; sc != null; sc = sc.parent) {
                if (q.isEmpty()) {
                    Binding m = sc.merged.get(col.name().toLowerCase(Locale.ROOT));
                    if (m != null && col.matches(m.adqlName())) return bind(c, m);
                    Binding found = null;
                    List<String> where = new ArrayList<>();
                    String hint = null;
                    for (Source s : sc.sources) {
                        Binding b = find(s.columns(), col);
                        if (b != null) {
                            if (found == null) {
                                found = b;
                                hint = s.alias() != null ? s.alias().name() : s.name();
                            }
                            where.add(s.label());
                        }
                    }
                    if (where.size() > 1) {
                        error(c, "column '" + col.name() + "' is ambiguous: it exists in " + String.join(" and ", where)
                                + "; qualify it, e.g. " + hint + "." + col.name());
                        return ValueType.UNKNOWN;
                    }
                    if (found != null) return bind(c, found);
                } else {
                    for (Source s : sc.sources) {
                        if (!matchesQualifier(s, q)) continue;
                        Binding b = find(s.columns(), col);
                        if (b != null) return bind(c, b);
                        List<String> names = s.columns().stream().map(Binding::adqlName).toList();
                        error(col, "column '" + col.name() + "' does not exist in " + s.label() + suggest(col.name(), names));
                        return ValueType.UNKNOWN;
                    }
                }
            }
            if (!q.isEmpty()) {
                error(c, "'" + dotted(q) + "' is not a table or alias of the FROM clause" + fromList(scope));
                return ValueType.UNKNOWN;
            }
            List<String> names = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Scope sc = scope; sc != null; sc = sc.parent)
                for (Source s : sc.sources) { labels.add(s.label()); for (Binding b : s.columns()) names.add(b.adqlName()); }
            for (Output o : scope.outputs) names.add(o.name());
            String in = labels.isEmpty() ? "" : labels.size() == 1 ? " in " + labels.get(0) : " in any of " + String.join(", ", labels);
            error(c, "column '" + col.name() + "' does not exist" + in + suggest(col.name(), names));
            return ValueType.UNKNOWN;
        }

        private ValueType bind(ColumnRef c, Binding b) {
            out.columns.put(c, b);
            return b.type();
        }

        private String fromList(Scope scope) {
            List<String> l = new ArrayList<>();
            for (Source s : scope.sources) l.add(s.alias() != null ? s.alias().name() : s.label());
            return l.isEmpty() ? "" : " (FROM has: " + String.join(", ", l) + ")";
        }

        // ------------------------------------------------------------ expressions

        void condition(Expr e, Scope scope, String clause) {
            ValueType t = expr(e, scope);
            if (t != ValueType.BOOLEAN && t != ValueType.UNKNOWN && t != ValueType.NULL)
                error(e, clause + " needs a condition, not " + t.label());
        }

        ValueType expr(Expr e, Scope scope) {
            ValueType t = type(e, scope);
            out.types.put(e, t);
            return t;
        }

        private ValueType type(Expr e, Scope scope) {
            if (e instanceof Literal l) {
                return switch (l.kind()) {
                    case INTEGER, HEX -> ValueType.INTEGER;
                    case DECIMAL, REAL -> ValueType.REAL;
                    case STRING -> ValueType.STRING;
                    case NULL -> ValueType.NULL;
                    default -> ValueType.BOOLEAN;
                };
            }
            if (e instanceof ColumnRef c) return column(c, scope);
            if (e instanceof Unary u) {
                ValueType t = expr(u.operand(), scope);
                if (u.op().equals("~")) { integer(u.operand(), t, "~"); return ValueType.INTEGER; }
                numeric(u.operand(), t, "sign " + u.op());
                return t == ValueType.INTEGER ? t : ValueType.REAL;
            }
            if (e instanceof Binary b) {
                List<Expr> xs = b.operands();
                boolean allInteger = true;
                for (int i = 0; i < xs.size(); i++) {
                    Expr x = xs.get(i);
                    ValueType t = expr(x, scope);
                    String op = b.ops().get(Math.max(0, i - 1));   // the operator next to this operand
                    switch (op) {
                        case "||" -> { if (t.geometry()) error(x, "operator || needs strings, not " + t.label()); }
                        case "&", "|", "^" -> integer(x, t, op);
                        default -> numeric(x, t, "operator " + op);
                    }
                    allInteger &= t == ValueType.INTEGER;
                }
                return switch (b.op()) {
                    case "||" -> ValueType.STRING;
                    case "&", "|", "^" -> ValueType.INTEGER;
                    default -> allInteger ? ValueType.INTEGER : ValueType.REAL;
                };
            }
            if (e instanceof Comparison c) {
                ValueType l = expr(c.left(), scope), r = expr(c.right(), scope);
                if (!comparable(l, r)) error(c, "cannot compare " + l.label() + " with " + r.label());
                else if (l.geometry() && !c.op().equals("=") && !c.op().equals("<>"))
                    error(c, "geometries can only be compared with = or <>");
                return ValueType.BOOLEAN;
            }
            if (e instanceof And a) { for (Expr x : a.operands()) condition(x, scope, "AND"); return ValueType.BOOLEAN; }
            if (e instanceof Or o) { for (Expr x : o.operands()) condition(x, scope, "OR"); return ValueType.BOOLEAN; }
            if (e instanceof Not n) { condition(n.operand(), scope, "NOT"); return ValueType.BOOLEAN; }
            if (e instanceof Between b) {
                ValueType v = expr(b.value(), scope), lo = expr(b.low(), scope), hi = expr(b.high(), scope);
                if (!comparable(v, lo) || !comparable(v, hi)) error(b, "BETWEEN bounds must be of the same kind as " + v.label());
                return ValueType.BOOLEAN;
            }
            if (e instanceof Like l) {
                string(l.value(), expr(l.value(), scope), l.caseInsensitive() ? "ILIKE" : "LIKE");
                string(l.pattern(), expr(l.pattern(), scope), l.caseInsensitive() ? "ILIKE" : "LIKE");
                if (l.escape() != null) {
                    string(l.escape(), expr(l.escape(), scope), "ESCAPE");
                    if (l.escape() instanceof Literal lit && lit.kind() == Literal.Kind.STRING && lit.text().length() != 1)
                        error(l.escape(), "ESCAPE needs a single character");
                }
                return ValueType.BOOLEAN;
            }
            if (e instanceof InList i) {
                ValueType v = expr(i.value(), scope);
                for (Expr x : i.list()) {
                    ValueType t = expr(x, scope);
                    if (!comparable(v, t)) error(x, "IN list value is " + t.label() + " but the tested value is " + v.label());
                }
                return ValueType.BOOLEAN;
            }
            if (e instanceof InQuery i) {
                ValueType v = expr(i.value(), scope);
                List<Output> outs = outputsOf(i.query(), scope);
                if (outs.size() != 1) error(i.query(), "the subquery of IN must return exactly one column, not " + outs.size());
                else if (!comparable(v, outs.get(0).type())) error(i, "cannot compare " + v.label() + " with " + outs.get(0).type().label());
                return ValueType.BOOLEAN;
            }
            if (e instanceof Exists x) { outputsOf(x.query(), scope); return ValueType.BOOLEAN; }
            if (e instanceof IsNull n) { expr(n.value(), scope); return ValueType.BOOLEAN; }
            if (e instanceof Subquery s) {
                List<Output> outs = outputsOf(s.query(), scope);
                if (outs.size() != 1) { error(s, "a subquery used as a value must return exactly one column, not " + outs.size()); return ValueType.UNKNOWN; }
                return outs.get(0).type();
            }
            if (e instanceof Cast c) {
                ValueType v = expr(c.value(), scope);
                ValueType target = ValueType.ofAdqlType(c.type());
                if (target.geometry() && !(c.value() instanceof Literal l && (l.kind() == Literal.Kind.STRING || l.kind() == Literal.Kind.NULL)))
                    error(c, "CAST to " + c.type() + " needs a string literal such as '10.5 -30.2'");
                else if (v.geometry()) error(c, "cannot CAST " + v.label() + " to " + c.type());
                return target;
            }
            if (e instanceof Case c) {
                if (c.operand() != null) expr(c.operand(), scope);
                ValueType result = ValueType.NULL;
                for (When w : c.whens()) {
                    if (c.operand() != null) expr(w.condition(), scope); else condition(w.condition(), scope, "WHEN");
                    ValueType t = expr(w.result(), scope);
                    if (result == ValueType.NULL) result = t;
                    else if (!comparable(result, t)) error(w.result(), "CASE results must all be of the same kind (" + result.label() + " and " + t.label() + ")");
                }
                if (c.otherwise() != null) {
                    ValueType t = expr(c.otherwise(), scope);
                    if (result == ValueType.NULL) result = t;
                    else if (!comparable(result, t)) error(c.otherwise(), "CASE results must all be of the same kind");
                }
                if (result == ValueType.REAL || result == ValueType.INTEGER) {
                    for (When w : c.whens()) if (out.types.get(w.result()) == ValueType.REAL) result = ValueType.REAL;
                }
                return result;
            }
            if (e instanceof Star) return ValueType.UNKNOWN;
            return function((FunctionCall) e, scope);
        }

        private ValueType function(FunctionCall f, Scope scope) {
            List<ValueType> a = new ArrayList<>();
            for (Expr x : f.args()) a.add(expr(x, scope));
            if (f.udf()) {
                UserFunction u = udfs.get(f.name());
                if (u != null) {
                    for (int i = 0; i < a.size() && i < u.params().size(); i++) {
                        ValueType want = ValueType.ofAdqlType(u.params().get(i));
                        if (!assignable(a.get(i), want))
                            error(f.arg(i), f.name() + "() argument " + (i + 1) + " must be " + want.label() + ", not " + a.get(i).label());
                    }
                    return u.returnType() == null ? ValueType.UNKNOWN : ValueType.ofAdqlType(u.returnType());
                }
                return ValueType.UNKNOWN;
            }
            String n = f.name();
            switch (n) {
                case "COUNT": return ValueType.INTEGER;
                case "AVG": numeric(f.arg(0), a.get(0), "AVG()"); return ValueType.REAL;
                case "SUM": numeric(f.arg(0), a.get(0), "SUM()"); return a.get(0) == ValueType.INTEGER ? ValueType.INTEGER : ValueType.REAL;
                case "MIN": case "MAX":
                    if (a.get(0).geometry()) error(f.arg(0), n + "() cannot be applied to " + a.get(0).label());
                    return a.get(0);
                case "LOWER": case "UPPER": string(f.arg(0), a.get(0), n + "()"); return ValueType.STRING;
                case "COALESCE": {
                    ValueType r = ValueType.NULL;
                    for (int i = 0; i < a.size(); i++) {
                        if (r == ValueType.NULL) r = a.get(i);
                        else if (!comparable(r, a.get(i))) error(f.arg(i), "COALESCE() arguments must be of the same kind");
                    }
                    return r;
                }
                case "IN_UNIT": return inUnit(f, a);
                case "ABS": numeric(f.arg(0), a.get(0), "ABS()"); return a.get(0) == ValueType.INTEGER ? ValueType.INTEGER : ValueType.REAL;
                case "MOD":
                    numeric(f.arg(0), a.get(0), "MOD()"); numeric(f.arg(1), a.get(1), "MOD()");
                    return a.get(0) == ValueType.INTEGER && a.get(1) == ValueType.INTEGER ? ValueType.INTEGER : ValueType.REAL;
                case "POINT": return geometryCtor(f, a, 2, ValueType.POINT);
                case "CIRCLE":
                    if (a.size() == 2) { point(f.arg(0), a.get(0), "CIRCLE()"); numeric(f.arg(1), a.get(1), "CIRCLE() radius"); return ValueType.CIRCLE; }
                    return geometryCtor(f, a, 3, ValueType.CIRCLE);
                case "BOX": return geometryCtor(f, a, 4, ValueType.BOX);
                case "POLYGON": {
                    boolean pointForm = a.size() < 6 || a.stream().allMatch(t -> t == ValueType.POINT);
                    if (pointForm) {
                        for (int i = 0; i < a.size(); i++) point(f.arg(i), a.get(i), "POLYGON()");
                        return ValueType.POLYGON;
                    }
                    return geometryCtor(f, a, a.size() % 2 == 0 ? a.size() : a.size() - 1, ValueType.POLYGON);
                }
                case "REGION":
                    error(f, "REGION() is not supported by this service (deprecated in ADQL 2.1); use POINT, CIRCLE or POLYGON");
                    return ValueType.REGION;
                case "CENTROID": geometry(f.arg(0), a.get(0), "CENTROID()"); return ValueType.POINT;
                case "AREA": geometry(f.arg(0), a.get(0), "AREA()"); return ValueType.REAL;
                case "COORD1": case "COORD2": point(f.arg(0), a.get(0), n + "()"); return ValueType.REAL;
                case "COORDSYS": geometry(f.arg(0), a.get(0), "COORDSYS()"); return ValueType.STRING;
                case "CONTAINS": case "INTERSECTS":
                    geometry(f.arg(0), a.get(0), n + "()"); geometry(f.arg(1), a.get(1), n + "()");
                    return ValueType.INTEGER;
                case "DISTANCE":
                    if (a.size() == 2) {
                        for (int i = 0; i < 2; i++) {
                            if (a.get(i).geometry() && a.get(i) != ValueType.POINT)
                                error(f.arg(i), "DISTANCE() needs two points, but " + render(f.arg(i)) + " is " + a.get(i).label()
                                        + "; use DISTANCE(CENTROID(" + render(f.arg(i)) + "), ...)");
                            else point(f.arg(i), a.get(i), "DISTANCE()");
                        }
                    } else for (int i = 0; i < 4; i++) numeric(f.arg(i), a.get(i), "DISTANCE()");
                    return ValueType.REAL;
                default:
                    for (int i = 0; i < a.size(); i++) numeric(f.arg(i), a.get(i), n + "()");
                    return ValueType.REAL;
            }
        }

        private ValueType inUnit(FunctionCall f, List<ValueType> a) {
            numeric(f.arg(0), a.get(0), "IN_UNIT()");
            if (!(f.arg(1) instanceof Literal l && l.kind() == Literal.Kind.STRING)) {
                error(f.arg(1), "IN_UNIT() needs the target unit as a string literal, e.g. 'rad'");
                return ValueType.REAL;
            }
            String to = ((Literal) f.arg(1)).text();
            if (!Units.known(to)) { error(f.arg(1), "unknown unit '" + to + "'"); return ValueType.REAL; }
            String from = unitOf(f.arg(0));
            if (from == null) error(f.arg(0), "IN_UNIT() needs a column with a declared unit as first argument");
            else if (Units.factor(from, to) == null) error(f, "cannot convert " + from + " to " + to);
            return ValueType.REAL;
        }

        /** The declared unit of a value that comes straight from a column, or null. */
        private String unitOf(Expr e) {
            Binding b = e instanceof ColumnRef c ? out.columns.get(c) : null;
            return b == null || b.column() == null ? null : b.column().unit();
        }

        private ValueType geometryCtor(FunctionCall f, List<ValueType> a, int numbers, ValueType result) {
            int first = a.size() - numbers;
            if (first == 1 && !a.get(0).stringy()) error(f.arg(0), f.name() + "() coordinate system must be a string, not " + a.get(0).label());
            for (int i = first; i < a.size(); i++) numeric(f.arg(i), a.get(i), f.name() + "()");
            return result;
        }

        private void numeric(Expr e, ValueType t, String what) {
            if (!t.numeric()) error(e, what + " needs a number, but " + render(e) + " is " + t.label());
        }

        private void integer(Expr e, ValueType t, String what) {
            if (t != ValueType.INTEGER && t != ValueType.NULL && t != ValueType.UNKNOWN)
                error(e, "bitwise operator " + what + " needs integers, but " + render(e) + " is " + t.label());
        }

        private void string(Expr e, ValueType t, String what) {
            if (!t.stringy()) error(e, what + " needs a string, but " + render(e) + " is " + t.label());
        }

        private void geometry(Expr e, ValueType t, String what) {
            if (!t.maybeGeometry()) error(e, what + " needs a geometry (POINT, CIRCLE, POLYGON, ...), but " + render(e) + " is " + t.label());
        }

        private void point(Expr e, ValueType t, String what) {
            if (t != ValueType.POINT && t != ValueType.NULL && t != ValueType.UNKNOWN)
                error(e, what + " needs a POINT, but " + render(e) + " is " + t.label());
        }
    }


    private static boolean comparable(ValueType a, ValueType b) {
        if (a == ValueType.NULL || b == ValueType.NULL || a == ValueType.UNKNOWN || b == ValueType.UNKNOWN) return true;
        if (a.numeric() && b.numeric()) return true;
        if (a.geometry() && b.geometry()) return true;
        if ((a == ValueType.STRING && b == ValueType.TIMESTAMP) || (a == ValueType.TIMESTAMP && b == ValueType.STRING)) return true;
        return a == b;
    }

    private static boolean assignable(ValueType have, ValueType want) {
        if (want == ValueType.UNKNOWN || want == ValueType.REGION && have.maybeGeometry()) return true;
        if (want == ValueType.REAL && have == ValueType.INTEGER) return true;
        return comparable(have, want) && (have.geometry() == want.geometry());
    }

    private static String render(Expr e) {
        String s = AdqlRenderer.render(e);
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String dotted(List<Ident> q) {
        return String.join(".", q.stream().map(Ident::name).toList());
    }

    /** "; did you mean X?" for the closest candidate within a small edit distance, else "". */
    static String suggest(String wrong, List<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String w = wrong.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestD) { bestD = d; best = c; }
        }
        if (best == null || bestD > Math.max(2, wrong.length() / 3)) return "";
        return "; did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
