package org.gammavo.adql;

import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;

/** Metadata of the test tables; the database side lives in schema adql_test (see {@link #DDL}). */
public final class TestTables {
    private TestTables() { }

    public static final String DB_SCHEMA = "adql_test";

    public static TableSet tables() {
        return TableSet.builder()
                .schema("ivoa", "IVOA standard tables")
                .table(Table.builder("ivoa", "obscore").db(DB_SCHEMA, "obscore").description("ObsCore 1.1 view of the test data")
                        .column(Column.builder("obs_id", "char").arraysize("*").ucd("meta.id").utype("obscore:DataID.observationID").principal().std())
                        .column(Column.builder("dataproduct_type", "char").arraysize("*").ucd("meta.code.class").std())
                        .column(Column.builder("target_name", "char").arraysize("*").ucd("meta.id;src").std())
                        .column(Column.builder("s_ra", "double").unit("deg").ucd("pos.eq.ra").utype("obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1")
                                .description("Central right ascension, ICRS").principal().indexed().std())
                        .column(Column.builder("s_dec", "double").unit("deg").ucd("pos.eq.dec").description("Central declination, ICRS").indexed().std())
                        .column(Column.builder("s_region", "double").arraysize("*").xtype("polygon").unit("deg").ucd("pos.outline;obs.field").std())
                        .column(Column.builder("t_min", "double").unit("d").ucd("time.start;obs.exposure").std())
                        .column(Column.builder("em_min", "double").unit("m").ucd("em.wl;stat.min").std())
                        .column(Column.builder("access_estsize", "long").unit("kbyte").std())
                        .position("s_ra", "s_dec"))
                .table(Table.builder("ivoa", "sources").db(DB_SCHEMA, "sources").description("point sources")
                        .column(Column.builder("id", "int").ucd("meta.id;meta.main"))
                        .column(Column.builder("name", "char").arraysize("*"))
                        .column(Column.builder("ra", "double").unit("deg").ucd("pos.eq.ra"))
                        .column(Column.builder("dec", "double").unit("deg").ucd("pos.eq.dec"))
                        .column(Column.builder("mag", "double").unit("mag"))
                        .column(Column.builder("pos", "double").arraysize("2").xtype("point").unit("deg"))
                        .position("ra", "dec"))
                .table(Table.builder("ivoa", "shapes").db(DB_SCHEMA, "shapes")
                        .column(Column.builder("id", "int"))
                        .column(Column.builder("circ", "double").arraysize("3").xtype("circle").unit("deg"))
                        .column(Column.builder("poly", "double").arraysize("*").xtype("polygon").unit("deg")))
                .build();
    }

    /** Creates the test tables (dropping earlier ones). */
    public static final String DDL = """
            DROP SCHEMA IF EXISTS adql_test CASCADE;
            CREATE SCHEMA adql_test;
            CREATE TABLE adql_test.obscore (obs_id text, dataproduct_type text, target_name text, s_ra double precision,
                s_dec double precision, s_region double precision[], t_min double precision, em_min double precision,
                access_estsize bigint);
            CREATE TABLE adql_test.sources (id integer, name text, ra double precision, dec double precision,
                mag double precision, pos double precision[]);
            CREATE TABLE adql_test.shapes (id integer, circ double precision[], poly double precision[]);
            INSERT INTO adql_test.sources VALUES
                (1, 'near0a', 359.9, 0, 10, '{359.9,0}'), (2, 'near0b', 0.1, 0, 11, '{0.1,0}'),
                (3, 'far', 180, 0, 12, '{180,0}'), (4, 'pole1', 0, 89.9, 13, '{0,89.9}'),
                (5, 'pole2', 180, 89.9, 14, '{180,89.9}'), (6, 'south', 45, -89.95, 15, '{45,-89.95}'),
                (7, 'sq', 10, 10, 16, '{10,10}'), (8, 'it''s', 20, 20, NULL, '{20,20}');
            INSERT INTO adql_test.shapes VALUES
                (1, '{10,10,1}', '{9,9, 11,9, 11,11, 9,11}'),
                (2, '{0,90,5}', '{0,80, 270,80, 180,80, 90,80}'),
                (3, '{359.5,0,1}', '{359,-1, 1,-1, 1,1, 359,1}');
            INSERT INTO adql_test.obscore VALUES
                ('a', 'image', 'crab', 83.63, 22.01, '{83,21, 84,21, 84,23, 83,23}', 58000, 1e-7, 100),
                ('b', 'cube', 'pks', 329.7, -30.2, '{329,-31, 330,-31, 330,-29, 329,-29}', 58001, 2e-7, 2000);
            """;
}
