package org.gammavo.adql.tree;

/** Any node of the ADQL tree; nodes are immutable records carrying their source position. */
public interface Node {
    Pos pos();
}
