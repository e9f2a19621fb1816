package org.gammavo.adql.check;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.gammavo.adql.meta.Table;
import org.gammavo.adql.tree.Expr;
import org.gammavo.adql.tree.FromItem;
import org.gammavo.adql.tree.OrderItem;
import org.gammavo.adql.tree.QueryExpr;
import org.gammavo.adql.tree.Statement;

/**
 * A statement that passed the checker, with what the translator needs. The maps are keyed by node
 * identity (nodes compare equal by value, so an equal node elsewhere in the tree is a different key).
 */
public final class CheckedQuery {
    final Statement statement;
    final Map<Expr.ColumnRef, Binding> columns = new IdentityHashMap<>();
    final Map<FromItem, String> aliases = new IdentityHashMap<>();
    final Map<FromItem.TableRef, Table> tables = new IdentityHashMap<>();
    final Map<QueryExpr, List<Output>> outputs = new IdentityHashMap<>();
    final Map<Expr, ValueType> types = new IdentityHashMap<>();
    final Map<OrderItem, Integer> orderTargets = new IdentityHashMap<>();
    final Map<FromItem.Join, List<String>> joinColumns = new IdentityHashMap<>();

    CheckedQuery(Statement statement) { this.statement = statement; }

    public Statement statement() { return statement; }

    /** The binding of a column reference of this tree. */
    public Binding binding(Expr.ColumnRef ref) { return columns.get(ref); }

    /** The SQL alias given to a table reference or derived table. */
    public String alias(FromItem item) { return aliases.get(item); }

    /** The published table of a table reference, or null if it names a WITH query. */
    public Table table(FromItem.TableRef ref) { return tables.get(ref); }

    /** Output columns of a query expression (for a set operation: those of its left operand). */
    public List<Output> outputs(QueryExpr q) { return outputs.get(q); }

    /** Inferred type of an expression of the tree. */
    public ValueType type(Expr e) { return types.getOrDefault(e, ValueType.UNKNOWN); }

    /** For an ORDER BY item that names an output column (alias or index): its 0-based index, else null. */
    public Integer orderTarget(OrderItem o) { return orderTargets.get(o); }

    /** The SQL column names a USING or NATURAL join merges (null for other joins). */
    public List<String> joinColumns(FromItem.Join j) { return joinColumns.get(j); }

    /** Output columns of the whole statement. */
    public List<Output> outputs() { return outputs.get(statement.body()); }
}
