package org.gammavo.adql.translate;

/**
 * One column of the query result with what a VOTable FIELD needs. For a value coming straight from a
 * published column, all metadata is that column's; for computed values, datatype/arraysize/xtype follow
 * the ADQL type (e.g. POINT: double, "2", "point") and unit/ucd/utype/description are null unless known.
 * @param name unique column name (the SQL result column has exactly this name)
 */
public record OutputColumn(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                           String utype, String description) { }
