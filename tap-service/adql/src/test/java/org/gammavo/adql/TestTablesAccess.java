package org.gammavo.adql;

/** Access to the test metadata from the tools package. */
public final class TestTablesAccess {
    private TestTablesAccess() { }

    public static org.gammavo.adql.meta.TableSet tables() { return TestTables.tables(); }
}
