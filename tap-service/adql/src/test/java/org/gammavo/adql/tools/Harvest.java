package org.gammavo.adql.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gammavo.adql.AdqlException;
import org.gammavo.adql.QuerySets;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.parser.QueryParser;
import org.gammavo.adql.tree.*;

/**
 * Invents table metadata for the lyonetia queries (which name tables no service publishes), so that the
 * checker and translator can be exercised on them: every table a valid query names gets the columns the
 * queries that use it reference. Column types are guessed from the names.
 */
public final class Harvest {
    /** A table: schema (null if never qualified) and columns in first-seen order. */
    public record TableDef(String schema, String name, Set<String> columns) { }

    public final Map<String, TableDef> tables = new LinkedHashMap<>();
    public final List<QuerySets.TestQuery> queries = new ArrayList<>();
    public final List<UserFunction> functions = new ArrayList<>();

    public Harvest() {
        for (QuerySets.TestQuery q : QuerySets.all()) {
            for (UserFunction f : q.functions())
                if (functions.stream().noneMatch(x -> x.key().equals(f.key()))) functions.add(f);
        }
        QueryParser parser = new QueryParser(functions);
        for (QuerySets.TestQuery q : QuerySets.all()) {
            if (!q.valid()) continue;
            queries.add(q);
            Statement s;
            try { s = parser.parse(q.adql(), q.version()); } catch (AdqlException e) { continue; }
            List<TableDef> used = new ArrayList<>();
            Set<String> cols = new LinkedHashSet<>();
            for (WithQuery w : s.with()) visit(w.query(), used, cols);
            visit(s.body(), used, cols);
            for (TableDef t : used) t.columns().addAll(cols);
        }
    }

    private void visit(QueryExpr q, List<TableDef> used, Set<String> cols) {
        if (q instanceof SetOperation op) { visit(op.left(), used, cols); visit(op.right(), used, cols); return; }
        Select s = (Select) q;
        for (FromItem f : s.from()) from(f, used, cols);
        for (SelectItem i : s.items()) if (i instanceof SelectItem.Derived d) expr(d.expr(), used, cols);
        if (s.where() != null) expr(s.where(), used, cols);
        for (Expr g : s.groupBy()) expr(g, used, cols);
        if (s.having() != null) expr(s.having(), used, cols);
        for (OrderItem o : s.orderBy()) expr(o.expr(), used, cols);
    }

    private void from(FromItem f, List<TableDef> used, Set<String> cols) {
        if (f instanceof FromItem.TableRef t) {
            String schema = t.schema() == null ? null : t.schema().name();
            String key = ((schema == null ? "" : schema + ".") + t.table().name()).toLowerCase(Locale.ROOT);
            TableDef d = tables.computeIfAbsent(key, k -> new TableDef(schema, t.table().name(), new LinkedHashSet<>()));
            used.add(d);
        } else if (f instanceof FromItem.Derived d) visit(d.query(), used, cols);
        else {
            FromItem.Join j = (FromItem.Join) f;
            from(j.left(), used, cols);
            from(j.right(), used, cols);
            if (j.on() != null) expr(j.on(), used, cols);
            if (j.using() != null) for (Ident u : j.using()) cols.add(u.name());
        }
    }

    private void expr(Expr e, List<TableDef> used, Set<String> cols) {
        if (e instanceof Expr.ColumnRef c) { cols.add(c.column().name()); return; }
        if (e instanceof Expr.Subquery s) { visit(s.query(), used, cols); return; }
        if (e instanceof Expr.InQuery i) { expr(i.value(), used, cols); visit(i.query(), used, cols); return; }
        if (e instanceof Expr.Exists x) { visit(x.query(), used, cols); return; }
        for (var rc : e.getClass().getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(e);
                if (v instanceof Expr x) expr(x, used, cols);
                else if (v instanceof List<?> l) for (Object o : l) {
                    if (o instanceof Expr x) expr(x, used, cols);
                    else if (o instanceof Expr.When w) { expr(w.condition(), used, cols); expr(w.result(), used, cols); }
                }
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** Guessed VOTable datatype/xtype of a column from its name. */
    public static String[] kind(String column) {
        String c = column.toLowerCase(Locale.ROOT);
        if (c.contains("region")) return new String[] {"double", "*", "polygon"};
        if (c.endsWith("date") || c.equals("exp_start")) return new String[] {"char", "*", "timestamp"};
        if (c.contains("name") || c.contains("type") || c.endsWith("_id") || c.startsWith("dp_") || c.startsWith("obs_")
                || c.contains("file") || c.contains("collection") || c.equals("filter") || c.equals("instrument")
                || c.equals("category") || c.equals("flag") || c.equals("version") || c.contains("did") || c.equals("des"))
            return new String[] {"char", "*", null};
        return new String[] {"double", null, null};
    }

    /** The invented tables as our metadata (unqualified tables go to schema "public"). */
    public TableSet tableSet() {
        TableSet.Builder b = TableSet.builder();
        for (TableDef t : tables.values()) {
            Table.Builder tb = Table.builder(t.schema() == null ? "public" : t.schema(), t.name());
            for (String c : t.columns()) {
                String[] k = kind(c);
                tb.column(Column.builder(c, k[0]).arraysize(k[1]).xtype(k[2]).unit(k[0].equals("double") && k[2] == null ? "deg" : null));
            }
            b.table(tb);
        }
        return b.build();
    }
}
