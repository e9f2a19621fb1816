package org.gammavo.adql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.PlainGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PLAIN_POSTGRES dialect on an embedded PostgreSQL 17 without pgSphere. */
class PlainPostgresTest extends GeometryAndSqlCases {
    private EmbeddedPostgres pg;
    private Connection connection;

    @BeforeAll
    void start() throws IOException, SQLException {
        pg = EmbeddedPg.get();
        connection = pg.getPostgresDatabase().getConnection();
        PlainGeometry.install(connection);
        setUpData(connection);
    }

    @AfterAll
    void stop() throws SQLException {
        dropData(connection);
        connection.close();
    }

    @Override Connection connection() { return connection; }

    @Override Dialect dialect() { return Dialect.PLAIN_POSTGRES; }

    @Test
    void detectsNoPgSphere() throws SQLException {
        assertEquals(Dialect.PLAIN_POSTGRES, Dialect.detect(connection));
    }
}
