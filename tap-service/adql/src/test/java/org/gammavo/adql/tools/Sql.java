package org.gammavo.adql.tools;

import java.util.OptionalLong;

import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.TestTablesAccess;
import org.gammavo.adql.translate.Dialect;

/** Prints the SQL of an ADQL query against the test tables: exec.args="PLAIN_POSTGRES 'SELECT ...'". */
public final class Sql {
    public static void main(String[] a) throws Exception {
        System.out.println(new AdqlEngine().translate(a[1], AdqlVersion.V2_1, TestTablesAccess.tables(), Dialect.valueOf(a[0]), OptionalLong.empty()).sql());
    }
}
