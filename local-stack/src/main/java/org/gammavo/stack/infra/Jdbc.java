package org.gammavo.stack.infra;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens PostgreSQL connections through the driver class itself, not {@link java.sql.DriverManager}: DriverManager only
 * offers drivers visible from the caller's class loader, and inside a Quarkus test class loader of a service without a
 * datasource it finds none ("No suitable driver").
 */
public final class Jdbc {

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private Jdbc() {
    }

    public static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        Connection c = DRIVER.connect(url, p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }
}
