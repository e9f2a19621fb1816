package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.adql.AdqlEngine;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.tap.domain.TapMetadata;
import org.gammavo.tap.domain.TapRequest;
import org.gammavo.tap.domain.UserTableRules;
import org.jboss.logging.Logger;
import uk.ac.starlink.fits.FitsTableBuilder;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.table.formats.CsvTableBuilder;
import uk.ac.starlink.util.ByteArrayDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persistent user tables (issue #18): creates a table of one user from a VOTable, CSV or FITS upload or from an async
 * job's result, drops it, lists it, and gives the ADQL metadata a user's queries see. A creation is one transaction
 * (schema, table, rows, indexes, registration, grants), so a refusal or failure at any step leaves nothing behind.
 * Creations of one owner are serialised by a transaction-scoped advisory lock, which makes the quota checks exact.
 */
@ApplicationScoped
public class UserTableStore {

    private static final Logger LOG = Logger.getLogger(UserTableStore.class);

    /** Upload formats of a user table. */
    public enum Format {
        VOTABLE, CSV, FITS;

        /** From a MIME type or format name ({@code votable}, {@code csv}, {@code fits}), else by the bytes themselves. */
        public static Format of(String type, byte[] bytes) throws TapRequest.InvalidRequest {
            String t = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
            if (t.contains("votable") || t.contains("xml")) return VOTABLE;
            if (t.contains("csv")) return CSV;
            if (t.contains("fits")) return FITS;
            if (!t.isEmpty() && !t.startsWith("application/octet-stream") && !t.startsWith("text/plain")
                    && !t.startsWith("multipart/")) {
                throw new TapRequest.InvalidRequest("unsupported table format '" + type
                        + "': send a VOTable (application/x-votable+xml), CSV (text/csv) or FITS (application/fits)");
            }
            int i = 0;
            while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
            if (bytes.length >= 9 && new String(bytes, 0, 9, StandardCharsets.US_ASCII).equals("SIMPLE  =")) return FITS;
            if (i < bytes.length && bytes[i] == '<') return VOTABLE;
            return CSV;
        }
    }

    /** A refusal with its HTTP status (quota 403, duplicate 409, not found 404, too large 413). */
    public static final class Refused extends Exception {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A user table as the owner's listing shows it. */
    public record UserTable(String name, String qualifiedName, long rows, long bytes, String created, String raColumn,
                            String decColumn, List<Column> columns) {
    }

    /** The user tables of one owner and the ADQL metadata their queries see (published tables + theirs). */
    public record OwnerTables(String owner, String schema, List<Table> tables, TableSet tableSet, String fingerprint) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObsCoreStore store;

    @Inject
    UploadLoader loader;

    @ConfigProperty(name = "gammavo.tap.user-tables.max-tables")
    long maxTables;

    @ConfigProperty(name = "gammavo.tap.user-tables.max-rows")
    long maxRows;

    @ConfigProperty(name = "gammavo.tap.user-tables.max-bytes")
    long maxBytes;

    @ConfigProperty(name = "gammavo.tap.user-tables.max-upload-bytes")
    long maxUploadBytes;

    @ConfigProperty(name = "gammavo.tap.query-role")
    Optional<String> queryRole;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    private final AdqlEngine engine = new AdqlEngine();

    public long maxTables() { return maxTables; }
    public long maxRows() { return maxRows; }
    public long maxBytes() { return maxBytes; }
    public long maxUploadBytes() { return maxUploadBytes; }

    /** Checks a table name (see {@link UserTableRules#tableName}). */
    public String checkName(String name) throws TapRequest.InvalidRequest {
        return UserTableRules.tableName(name, engine);
    }

    /** Creates {@code owner}'s table {@code name} from an upload in {@code format} (null: from {@code type} or the bytes). */
    public UserTable create(String owner, String name, String type, InputStream in)
            throws TapRequest.InvalidRequest, Refused, SQLException, IOException {
        String table = checkName(name);
        byte[] bytes;
        try {
            bytes = UploadLoader.readLimited(in, maxUploadBytes, "table " + table);
        } catch (TapRequest.InvalidRequest e) {
            throw new Refused(413, e.getMessage() + " (gammavo.tap.user-tables.max-upload-bytes)");
        }
        if (bytes.length == 0) throw new TapRequest.InvalidRequest("table " + table + ": the upload is empty");
        StarTable t = parse("table " + table, Format.of(type, bytes), bytes);
        return load(owner, table, t, "uploaded table");
    }

    /**
     * Creates {@code owner}'s table {@code name} from the result of a finished async job of theirs (a VOTable or CSV
     * result). The executor records each job's owner beside its result; another user's job is "not found".
     */
    public UserTable createFromJob(String owner, String name, String jobId)
            throws TapRequest.InvalidRequest, Refused, SQLException, IOException {
        String table = checkName(name);
        if (jobId == null || !jobId.matches("[A-Za-z0-9_-]{1,100}")) throw new TapRequest.InvalidRequest("JOB must be an async job id");
        Path dir = Path.of(resultsDir, jobId);
        Path ownerFile = dir.resolve(AsyncJobExecutor.OWNER_FILE);
        if (!Files.isRegularFile(ownerFile) || !Files.readString(ownerFile, StandardCharsets.UTF_8).equals(owner)) {
            throw new Refused(404, "no async job " + jobId + " of user " + owner);
        }
        if (!Files.exists(dir.resolve(AsyncJobExecutor.COMMAND_DONE))) {
            throw new Refused(409, "async job " + jobId + " has no complete result (it is not COMPLETED)");
        }
        Path result = null;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith("result.") && !f.endsWith(".part") && !f.equals(AsyncJobExecutor.COMMAND_DONE)) result = p;
            }
        }
        if (result == null) throw new Refused(409, "async job " + jobId + " has no result");
        String f = result.getFileName().toString();
        Format format = f.endsWith(".xml") ? Format.VOTABLE : f.endsWith(".csv") ? Format.CSV : null;
        if (format == null) {
            throw new TapRequest.InvalidRequest("the result of job " + jobId + " is " + f
                    + ": a table can be made from a VOTable or CSV result only");
        }
        if (Files.size(result) > maxUploadBytes) {
            throw new Refused(413, "the result of job " + jobId + " is larger than " + maxUploadBytes
                    + " bytes (gammavo.tap.user-tables.max-upload-bytes)");
        }
        byte[] bytes = Files.readAllBytes(result);
        return load(owner, table, parse("job " + jobId + " result", format, bytes), "result of async job " + jobId);
    }

    private StarTable parse(String label, Format format, byte[] bytes) throws TapRequest.InvalidRequest {
        try {
            return switch (format) {
                case VOTABLE -> loader.readVotable(label, bytes);
                case CSV -> new CsvTableBuilder().makeStarTable(new ByteArrayDataSource("user table", bytes), false, StoragePolicy.PREFER_MEMORY);
                case FITS -> {
                    StarTable t = new FitsTableBuilder().makeStarTable(new ByteArrayDataSource("user table", bytes), false, StoragePolicy.PREFER_MEMORY);
                    if (t == null) throw new IOException("no table HDU");
                    yield t;
                }
            };
        } catch (IOException | RuntimeException e) {
            throw new TapRequest.InvalidRequest(label + " is not a readable " + format + " table: " + e.getMessage());
        }
    }

    private UserTable load(String owner, String table, StarTable t, String description)
            throws TapRequest.InvalidRequest, Refused, SQLException, IOException {
        String label = "table " + table;
        List<UploadLoader.PlannedColumn> plan = UploadLoader.plan(t);
        if (plan.isEmpty()) throw new TapRequest.InvalidRequest(label + " has no columns");
        Set<String> seen = new HashSet<>();
        for (UploadLoader.PlannedColumn p : plan) {
            if (!seen.add(p.name.toLowerCase(Locale.ROOT))) {
                throw new TapRequest.InvalidRequest(label + ": column name '" + p.name + "' appears twice");
            }
        }
        // a regular identifier is stored under its lower-case name (the same name in ADQL and SQL, so that USING
        // and NATURAL joins with the published tables work); others keep c1, c2, ... (never clashing: a regular
        // name c<n> is one of the lower-case names above, not the same column twice)
        Set<String> dbNames = new HashSet<>();
        for (UploadLoader.PlannedColumn p : plan) {
            if (p.name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) p.dbName = p.name.toLowerCase(Locale.ROOT);
        }
        for (UploadLoader.PlannedColumn p : plan) {
            if (!dbNames.add(p.dbName)) {
                throw new TapRequest.InvalidRequest(label + ": column name '" + p.name + "' clashes with the stored name of another column");
            }
        }
        UploadLoader.PlannedColumn ra = position(plan, "pos.eq.ra", "ra", "raj2000", "ra_deg", "s_ra", "ra_icrs");
        UploadLoader.PlannedColumn dec = position(plan, "pos.eq.dec", "dec", "dej2000", "decj2000", "dec_deg", "s_dec", "de_icrs", "de");
        if (ra == null || dec == null || ra == dec) {
            ra = null;
            dec = null;
        } else {
            // stored as double precision: the spatial index expression then matches what the ADQL translation writes
            for (UploadLoader.PlannedColumn p : List.of(ra, dec)) {
                p.datatype = "double";
                p.sqlType = "DOUBLE PRECISION";
                p.indexed = true;
            }
        }
        String schema = UserTableRules.schemaOf(owner);
        String dbTable = schema + "." + table;
        String role = queryRole.orElse("").trim();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    ps.setString(1, "gammavo.user_tables:" + owner);
                    ps.execute();
                }
                long usedTables, usedRows, usedBytes;
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(row_count), 0), "
                        + "coalesce(sum(size_bytes), 0), bool_or(table_name = ?) FROM tap.user_table WHERE owner = ?")) {
                    ps.setString(1, table);
                    ps.setString(2, owner);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        usedTables = r.getLong(1);
                        usedRows = r.getLong(2);
                        usedBytes = r.getLong(3);
                        if (r.getBoolean(4)) throw new Refused(409, "table " + schema + "." + table + " exists already: DELETE it first");
                    }
                }
                if (usedTables >= maxTables) {
                    throw new Refused(403, "quota exceeded: user " + owner + " has " + usedTables + " tables, the limit is "
                            + maxTables + " (gammavo.tap.user-tables.max-tables)");
                }
                long rowsLeft = maxRows - usedRows;
                if (t.getRowCount() > rowsLeft) {
                    throw rowQuota(owner, label, t.getRowCount(), usedRows);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                UploadLoader.create(c, dbTable, plan);
                long rows;
                try {
                    rows = UploadLoader.insert(c, t, plan, label, dbTable, rowsLeft);
                } catch (TapRequest.InvalidRequest e) {
                    if (e.getMessage().contains(" has more than ")) throw rowQuota(owner, label, rowsLeft + 1, usedRows);
                    throw e;
                }
                try (Statement s = c.createStatement()) {
                    if (ra != null) {
                        // same index logic as ivoa.obscore: a B-tree on Dec (the plain dialect narrows cones with a
                        // Dec range), and with pgSphere the GiST index on the spoint expression the translation uses
                        s.execute("CREATE INDEX ON " + dbTable + " (\"" + dec.dbName + "\")");
                        if (store.dialect() == Dialect.PGSPHERE) {
                            s.execute("CREATE INDEX ON " + dbTable + " USING GIST (spoint(radians(\"" + ra.dbName + "\"), radians(\""
                                    + dec.dbName + "\")))");
                        }
                    }
                    s.execute("ANALYZE " + dbTable);
                    if (!role.isEmpty()) {
                        // readable by the query role; only the owner's ADQL metadata names it (see QueryExecutor)
                        s.execute("GRANT USAGE ON SCHEMA " + schema + " TO \"" + role + "\"");
                        s.execute("GRANT SELECT ON " + dbTable + " TO \"" + role + "\"");
                    }
                }
                long size;
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?::regclass)")) {
                    ps.setString(1, dbTable);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        size = r.getLong(1);
                    }
                }
                if (usedBytes + size > maxBytes) {
                    throw new Refused(403, "quota exceeded: " + label + " takes " + size + " bytes in the database, user "
                            + owner + " uses " + usedBytes + " of " + maxBytes + " (gammavo.tap.user-tables.max-bytes)");
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tap.user_table (owner, schema_name, table_name, "
                        + "description, ra_column, dec_column, row_count, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                    ps.setString(1, owner);
                    ps.setString(2, schema);
                    ps.setString(3, table);
                    ps.setString(4, description);
                    ps.setString(5, ra == null ? null : ra.name);
                    ps.setString(6, dec == null ? null : dec.name);
                    ps.setLong(7, rows);
                    ps.setLong(8, size);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        id = r.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tap.user_column VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int i = 0;
                    for (UploadLoader.PlannedColumn p : plan) {
                        ps.setLong(1, id);
                        ps.setInt(2, i++);
                        ps.setString(3, p.name);
                        ps.setString(4, p.dbName);
                        ps.setString(5, p.datatype);
                        ps.setString(6, p.arraysize);
                        ps.setString(7, p.xtype);
                        ps.setString(8, p.unit);
                        ps.setString(9, p.ucd);
                        ps.setString(10, p.description);
                        ps.setBoolean(11, p.indexed);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                LOG.infof("user table %s created: %d rows, %d bytes", dbTable, rows, size);
                List<Column> cols = plan.stream().map(p -> p.metadata().build()).toList();
                return new UserTable(table, dbTable, rows, size, null, ra == null ? null : ra.name, dec == null ? null : dec.name, cols);
            } catch (TapRequest.InvalidRequest | Refused | SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Refused rowQuota(String owner, String label, long rows, long usedRows) {
        return new Refused(403, "quota exceeded: " + label + " has " + (rows > maxRows - usedRows ? "more than " + (maxRows - usedRows) : rows)
                + " rows, user " + owner + " uses " + usedRows + " of " + maxRows + " rows (gammavo.tap.user-tables.max-rows)");
    }

    /** The sky position column: the first with the UCD (pos.eq.ra / pos.eq.dec, meta.main first), else a usual name. */
    private static UploadLoader.PlannedColumn position(List<UploadLoader.PlannedColumn> plan, String ucd, String... names) {
        List<UploadLoader.PlannedColumn> numeric = plan.stream()
                .filter(p -> p.arraysize == null && (p.datatype.equals("double") || p.datatype.equals("float"))).toList();
        for (UploadLoader.PlannedColumn p : numeric) {
            if (p.ucd != null && p.ucd.toLowerCase(Locale.ROOT).startsWith(ucd) && p.ucd.contains("meta.main")) return p;
        }
        for (UploadLoader.PlannedColumn p : numeric) {
            if (p.ucd != null && p.ucd.toLowerCase(Locale.ROOT).startsWith(ucd)) return p;
        }
        for (String n : names) {
            for (UploadLoader.PlannedColumn p : numeric) if (p.name.equalsIgnoreCase(n)) return p;
        }
        return null;
    }

    /** Drops {@code owner}'s table; false when they have none of that name. */
    public boolean drop(String owner, String name) throws SQLException {
        String table = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!table.matches("[a-z][a-z0-9_]{0,63}")) return false;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String schema;
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM tap.user_table WHERE owner = ? AND table_name = ? RETURNING schema_name")) {
                    ps.setString(1, owner);
                    ps.setString(2, table);
                    try (ResultSet r = ps.executeQuery()) {
                        if (!r.next()) {
                            c.rollback();
                            return false;
                        }
                        schema = r.getString(1);
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + schema + "." + table);
                }
                c.commit();
                LOG.infof("user table %s.%s dropped", schema, table);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** {@code owner}'s tables with their columns, oldest first. */
    public List<UserTable> list(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<UserTable> out = new ArrayList<>();
            for (Row r : rows(c, owner).values()) {
                out.add(new UserTable(r.table.name(), r.table.qualifiedName(), r.rows, r.bytes, r.created, r.ra, r.dec, r.table.columns()));
            }
            return out;
        }
    }

    /** The ADQL metadata of {@code owner}'s queries, or null when they have no table (the published set then applies). */
    public OwnerTables tablesOf(Connection c, String owner) throws SQLException {
        Map<Long, Row> rows = rows(c, owner);
        if (rows.isEmpty()) return null;
        List<Table> tables = rows.values().stream().map(r -> r.table).toList();
        String schema = UserTableRules.schemaOf(owner);
        return new OwnerTables(owner, schema, tables, withUserTables(TapMetadata.TABLES, schema, owner, tables),
                String.join(",", rows.keySet().stream().map(String::valueOf).toList()));
    }

    /** As {@link #tablesOf(Connection, String)} on a connection of its own (VOSI). */
    public OwnerTables tablesOf(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return tablesOf(c, owner);
        }
    }

    /**
     * The published tables plus a user's: TAP_SCHEMA.schemas/tables/columns read the views that add the user's rows
     * (V3__user_tables.sql; the query sets gammavo.tap_owner), and the user's schema holds their tables.
     */
    static TableSet withUserTables(TableSet base, String schema, String owner, List<Table> tables) {
        TableSet.Builder b = TableSet.builder();
        for (String s : base.schemas()) b.schema(s, base.schemaDescription(s));
        b.schema(schema, "Tables uploaded by user " + owner + " (visible to that user only)");
        for (Table t : base.tables()) {
            boolean view = t.schema().equalsIgnoreCase("TAP_SCHEMA") && Set.of("schemas", "tables", "columns").contains(t.dbName());
            b.table(!view ? t : new Table(t.schema(), t.name(), t.type(), t.description(), t.utype(), t.columns(),
                    t.foreignKeys(), t.position(), t.dbSchema(), t.dbName() + "_user"));
        }
        for (Table t : tables) b.table(t);
        return b.build();
    }

    private record Row(Table table, long rows, long bytes, String created, String ra, String dec) {
    }

    private static Map<Long, Row> rows(Connection c, String owner) throws SQLException {
        Map<Long, Table.Builder> builders = new LinkedHashMap<>();
        Map<Long, Object[]> info = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.schema_name, t.table_name, t.description, t.ra_column, "
                + "t.dec_column, t.row_count, t.size_bytes, to_char(t.created AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                + "c.column_name, c.db_name, c.datatype, c.arraysize, c.xtype, c.unit, c.ucd, c.description, c.indexed "
                + "FROM tap.user_table t JOIN tap.user_column c ON c.table_id = t.id WHERE t.owner = ? ORDER BY t.id, c.column_index")) {
            ps.setString(1, owner);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong(1);
                    Table.Builder b = builders.computeIfAbsent(id, k -> {
                        try {
                            info.put(k, new Object[]{r.getString(5), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9)});
                            return Table.builder(r.getString(2), r.getString(3)).description(r.getString(4));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Column.Builder cb = Column.builder(r.getString(10), r.getString(12)).dbName(r.getString(11))
                            .arraysize(r.getString(13)).xtype(r.getString(14)).principal();
                    if (r.getString(15) != null) cb.unit(r.getString(15));
                    if (r.getString(16) != null) cb.ucd(r.getString(16));
                    if (r.getString(17) != null) cb.description(r.getString(17));
                    if (r.getBoolean(18)) cb.indexed();
                    b.column(cb);
                }
            }
        }
        Map<Long, Row> out = new LinkedHashMap<>();
        for (var e : builders.entrySet()) {
            Object[] i = info.get(e.getKey());
            if (i[0] != null) e.getValue().position((String) i[0], (String) i[1]);
            out.put(e.getKey(), new Row(e.getValue().build(), (Long) i[2], (Long) i[3], (String) i[4], (String) i[0], (String) i[1]));
        }
        return out;
    }

}
