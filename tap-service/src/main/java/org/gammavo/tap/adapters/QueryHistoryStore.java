package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.tap.domain.HistoryEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query history in {@code tap.query_history} (migration V4): one row per sync query of a signed-in user. Every
 * read and delete is bounded by {@code owner = ?}, so one user never reaches another's entries; each user keeps the
 * newest {@code gammavo.tap.history.max-entries}, older ones are dropped when a new one is added.
 */
@ApplicationScoped
public class QueryHistoryStore {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "gammavo.tap.history.max-entries", defaultValue = "200")
    int maxEntries;

    /** Longer queries (a 100k-item IN list is megabytes) are kept cut and marked as such. */
    @ConfigProperty(name = "gammavo.tap.history.max-query-chars", defaultValue = "65536")
    int maxQueryChars;

    /** A query that ran, before it has an id. */
    public record Ran(String owner, String query, String lang, String format, long maxrec, long rows, boolean overflow,
                      boolean completed) {
    }

    /** Adds an entry and drops the owner's entries beyond the newest {@code max-entries}, in one transaction. */
    public void add(Ran r) throws SQLException {
        boolean cut = r.query().length() > maxQueryChars;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tap.query_history (owner, query, truncated, "
                        + "lang, format, maxrec, row_count, overflow, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, r.owner());
                    ps.setString(2, cut ? r.query().substring(0, maxQueryChars) : r.query());
                    ps.setBoolean(3, cut);
                    ps.setString(4, r.lang());
                    ps.setString(5, r.format());
                    ps.setLong(6, r.maxrec());
                    ps.setLong(7, r.rows());
                    ps.setBoolean(8, r.overflow());
                    ps.setBoolean(9, r.completed());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM tap.query_history WHERE owner = ? AND id <= "
                        + "(SELECT id FROM tap.query_history WHERE owner = ? ORDER BY id DESC OFFSET ? LIMIT 1)")) {
                    ps.setString(1, r.owner());
                    ps.setString(2, r.owner());
                    ps.setInt(3, maxEntries);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The owner's entries, newest first, at most {@code last}. */
    public List<HistoryEntry> list(String owner, int last) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, owner, query, truncated, lang, format, maxrec, "
                     + "row_count, overflow, completed, created FROM tap.query_history WHERE owner = ? "
                     + "ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, owner);
            ps.setInt(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9),
                            rs.getBoolean(10), rs.getTimestamp(11).toInstant()));
                }
            }
        }
        return out;
    }

    /** Deletes one of the owner's entries; false when the owner has no entry with that id. */
    public boolean delete(String owner, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM tap.query_history WHERE owner = ? AND id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes all the owner's entries; returns how many there were. */
    public int clear(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM tap.query_history WHERE owner = ?")) {
            ps.setString(1, owner);
            return ps.executeUpdate();
        }
    }

    public int maxEntries() {
        return maxEntries;
    }
}
