package org.gammavo.adql.tree;

import java.util.List;

/** Value expressions and conditions (ADQL has no separate boolean type; conditions are expressions too). */
public sealed interface Expr extends Node {

    /** A literal. {@code text} is the number as written, the string value (unquoted), or empty. */
    record Literal(Kind kind, String text, Pos pos) implements Expr {
        public enum Kind { INTEGER, DECIMAL, REAL, HEX, STRING, NULL, TRUE, FALSE }

        public boolean isNumeric() {
            return kind == Kind.INTEGER || kind == Kind.DECIMAL || kind == Kind.REAL || kind == Kind.HEX;
        }
    }

    /** {@code [[[catalog.]schema.]table.]column}: the last part is the column name. */
    record ColumnRef(List<Ident> parts, Pos pos) implements Expr {
        public ColumnRef { parts = List.copyOf(parts); }
        public Ident column() { return parts.get(parts.size() - 1); }
        /** Qualifier parts (may be empty). */
        public List<Ident> qualifier() { return parts.subList(0, parts.size() - 1); }
    }

    /** {@code -x}, {@code +x}, {@code ~x} (bitwise not, 2.1). */
    record Unary(String op, Expr operand, Pos pos) implements Expr { }

    /**
     * A chain of binary operators of one precedence level, evaluated left to right:
     * {@code operands[0] ops[0] operands[1] ops[1] ... operands[n]}. The levels are {@code * /}, {@code + -},
     * concatenation {@code ||} and bitwise {@code & | ^} (2.1). One node per chain, not one per operator, so a long
     * chain does not make a deep tree (the checker and translator recurse over the tree).
     * {@code pos} is that of the first operator.
     */
    record Binary(List<Expr> operands, List<String> ops, Pos pos) implements Expr {
        public Binary {
            operands = List.copyOf(operands);
            ops = List.copyOf(ops);
            if (ops.isEmpty() || operands.size() != ops.size() + 1)
                throw new IllegalArgumentException("a chain of n operators needs n + 1 operands");
        }

        /** A single operator {@code left op right}. */
        public static Binary of(String op, Expr left, Expr right, Pos pos) { return new Binary(List.of(left, right), List.of(op), pos); }

        /** The operator of the chain's level: the first one ({@code + -} and {@code * /} share a level). */
        public String op() { return ops.get(0); }
    }

    /** {@code = <> < <= > >=} ({@code !=} is stored as {@code <>}). */
    record Comparison(String op, Expr left, Expr right, Pos pos) implements Expr { }

    /** {@code a AND b AND ...}: two or more operands; nested ANDs are flattened (AND is associative). */
    record And(List<Expr> operands, Pos pos) implements Expr {
        public And { operands = List.copyOf(operands); }
    }

    /** {@code a OR b OR ...}: two or more operands; nested ORs are flattened (OR is associative). */
    record Or(List<Expr> operands, Pos pos) implements Expr {
        public Or { operands = List.copyOf(operands); }
    }

    record Not(Expr operand, Pos pos) implements Expr { }

    record Between(Expr value, Expr low, Expr high, boolean not, Pos pos) implements Expr { }

    /** LIKE, or ILIKE (2.1) when {@code caseInsensitive}; {@code escape} may be null. */
    record Like(Expr value, Expr pattern, Expr escape, boolean not, boolean caseInsensitive, Pos pos) implements Expr { }

    record InList(Expr value, List<Expr> list, boolean not, Pos pos) implements Expr {
        public InList { list = List.copyOf(list); }
    }

    record InQuery(Expr value, QueryExpr query, boolean not, Pos pos) implements Expr { }

    record Exists(QueryExpr query, Pos pos) implements Expr { }

    record IsNull(Expr value, boolean not, Pos pos) implements Expr { }

    /**
     * A call of a built-in ADQL function (name in upper case, e.g. {@code CONTAINS}) or of a user-defined
     * function registered by the service ({@code udf} true; name as registered).
     * {@code COUNT(*)} has the single argument {@link Star}.
     */
    record FunctionCall(String name, List<Expr> args, boolean distinct, boolean udf, Pos pos) implements Expr {
        public FunctionCall { args = List.copyOf(args); }
        public Expr arg(int i) { return args.get(i); }
    }

    /** The {@code *} of {@code COUNT(*)}. */
    record Star(Pos pos) implements Expr { }

    /** {@code CAST(value AS type[(length)])} (2.1); type in upper case, e.g. {@code DOUBLE PRECISION}. */
    record Cast(Expr value, String type, Integer length, Pos pos) implements Expr { }

    /** {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}; operand and otherwise may be null. */
    record Case(Expr operand, List<When> whens, Expr otherwise, Pos pos) implements Expr {
        public Case { whens = List.copyOf(whens); }
    }

    record When(Expr condition, Expr result, Pos pos) implements Node { }

    /** A scalar subquery used as a value. */
    record Subquery(QueryExpr query, Pos pos) implements Expr { }
}
