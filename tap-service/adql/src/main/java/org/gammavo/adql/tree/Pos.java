package org.gammavo.adql.tree;

/**
 * Source position (1-based line and column) of a node. Positions never take part in node equality:
 * {@code equals} is always true and {@code hashCode} constant, so two trees of the same query
 * compare equal whatever the layout of the text they came from (needed for the render round trip).
 */
public record Pos(int line, int column) {
    public static final Pos NONE = new Pos(0, 0);

    @Override public boolean equals(Object o) { return o instanceof Pos; }
    @Override public int hashCode() { return 0; }
    @Override public String toString() { return line + ":" + column; }
}
