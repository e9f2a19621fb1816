package org.gammavo.adql.translate;

import org.gammavo.adql.AdqlException;
import org.gammavo.adql.check.CheckedQuery;

import java.util.OptionalLong;

/**
 * Writes the SQL of one database dialect for a checked ADQL query (the shape of VOLLT's {@code ADQLTranslator}): one
 * implementation per dialect, so that a dialect's rules are read in one class. {@link Dialect#translator} picks it.
 */
public interface SqlTranslator {

    /**
     * The SQL (a single SELECT) and its output columns.
     *
     * @param rowLimit optional overall row limit (e.g. MAXREC+1); combined with TOP, the smaller wins
     * @throws AdqlException for a construct the dialect cannot express
     */
    TranslatedQuery translate(CheckedQuery query, OptionalLong rowLimit) throws AdqlException;
}
