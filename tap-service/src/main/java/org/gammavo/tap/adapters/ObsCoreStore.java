package org.gammavo.tap.adapters;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.ForeignKey;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.adql.translate.Dialect;
import org.gammavo.adql.translate.PlainGeometry;
import org.gammavo.tap.domain.ObsCoreMapper;
import org.gammavo.tap.domain.TapMetadata;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JDBC access to the published tables: idempotent upsert of ingested rows (keyed by obs_publisher_did),
 * TAP_SCHEMA generation from {@link TapMetadata}, the geometry support the ADQL dialect needs, and the
 * bookkeeping of where each dataset's file is.
 */
@ApplicationScoped
public class ObsCoreStore {

    private static final Logger LOG = Logger.getLogger(ObsCoreStore.class);

    @Inject
    AgroalDataSource dataSource;

    private volatile Dialect dialect;

    /** The ADQL dialect of the database (pgSphere present or not), detected once. */
    public Dialect dialect() {
        Dialect d = dialect;
        if (d == null) {
            try (Connection c = dataSource.getConnection()) {
                d = Dialect.detect(c);
                dialect = d;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot detect the database dialect: " + e.getMessage(), e);
            }
        }
        return d;
    }

    /**
     * Installs what the dialect needs: the adqlfn functions always (cheap, idempotent; used for geometry values),
     * and with pgSphere the GiST index on spoint(radians(s_ra), radians(s_dec)) that cone searches use.
     */
    public void prepareGeometry() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            PlainGeometry.install(c);
            if (dialect() == Dialect.PGSPHERE) {
                s.execute("CREATE INDEX IF NOT EXISTS obscore_spoint ON ivoa.obscore USING GIST "
                        + "(spoint(radians(s_ra), radians(s_dec)))");
            }
        }
    }

    /** Rewrites TAP_SCHEMA from the published metadata (one transaction). */
    public void writeTapSchema(TableSet tables) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM tap_schema.key_columns");
                s.execute("DELETE FROM tap_schema.keys");
                s.execute("DELETE FROM tap_schema.columns");
                s.execute("DELETE FROM tap_schema.tables");
                s.execute("DELETE FROM tap_schema.schemas");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tap_schema.schemas VALUES (?, ?, ?, ?)")) {
                int i = 0;
                for (String schema : tables.schemas()) {
                    ps.setString(1, schema);
                    ps.setString(2, null);
                    ps.setString(3, tables.schemaDescription(schema));
                    ps.setInt(4, i++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement pt = c.prepareStatement("INSERT INTO tap_schema.tables VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement pc = c.prepareStatement(
                         "INSERT INTO tap_schema.columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement pk = c.prepareStatement("INSERT INTO tap_schema.keys VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement pkc = c.prepareStatement("INSERT INTO tap_schema.key_columns VALUES (?, ?, ?)")) {
                int ti = 0;
                for (Table t : tables.tables()) {
                    pt.setString(1, t.schema());
                    pt.setString(2, t.qualifiedName());
                    pt.setString(3, t.type());
                    pt.setString(4, t.utype());
                    pt.setString(5, t.description());
                    pt.setInt(6, ti++);
                    pt.addBatch();
                }
                pt.executeBatch();
                for (Table t : tables.tables()) {
                    int ci = 0;
                    for (Column col : t.columns()) {
                        pc.setString(1, t.qualifiedName());
                        pc.setString(2, TapMetadata.publishedName(col));
                        pc.setString(3, col.datatype());
                        pc.setString(4, col.arraysize());
                        pc.setString(5, col.xtype());
                        Integer size = col.arraysize() == null || col.arraysize().contains("*") ? null
                                : Integer.valueOf(col.arraysize());
                        if (size == null) pc.setNull(6, Types.INTEGER); else pc.setInt(6, size);
                        pc.setString(7, col.description());
                        pc.setString(8, col.utype());
                        pc.setString(9, col.unit());
                        pc.setString(10, col.ucd());
                        pc.setInt(11, col.indexed() ? 1 : 0);
                        pc.setInt(12, col.principal() ? 1 : 0);
                        pc.setInt(13, col.std() ? 1 : 0);
                        pc.setInt(14, ci++);
                        pc.addBatch();
                    }
                    for (ForeignKey k : t.foreignKeys()) {
                        pk.setString(1, k.keyId());
                        pk.setString(2, t.qualifiedName());
                        pk.setString(3, k.targetTable());
                        pk.setString(4, k.description());
                        pk.setString(5, k.utype());
                        pk.addBatch();
                        for (int i = 0; i < k.fromColumns().size(); i++) {
                            pkc.setString(1, k.keyId());
                            pkc.setString(2, k.fromColumns().get(i));
                            pkc.setString(3, k.targetColumns().get(i));
                            pkc.addBatch();
                        }
                    }
                }
                pc.executeBatch();
                pk.executeBatch();
                pkc.executeBatch();
            }
            c.commit();
        }
    }

    /** The fingerprint stored for a collection at its last ingestion, if any. */
    public Optional<String> fingerprint(String collection) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT value FROM tap.service_state WHERE key = ?")) {
            ps.setString(1, "ingest:" + collection);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Replaces the rows of one collection: upserts {@code rows}, deletes the collection's datasets that are no
     * longer there, records the fingerprint; one transaction, so queries see the old or the new state.
     */
    public void replaceCollection(String collection, List<ObsCoreMapper.Rows> rows, String fingerprint) throws SQLException {
        Table obscore = TapMetadata.TABLES.find("ivoa", "obscore");
        Table hea = TapMetadata.TABLES.find("ivoa", "obscore_hea");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement po = c.prepareStatement(upsert(obscore));
                 PreparedStatement ph = c.prepareStatement(upsert(hea));
                 PreparedStatement pf = c.prepareStatement("INSERT INTO tap.dataset_file VALUES (?, ?, ?, ?, ?, ?, ?) "
                         + "ON CONFLICT (obs_publisher_did) DO UPDATE SET collection = EXCLUDED.collection, obs_id = EXCLUDED.obs_id, "
                         + "role = EXCLUDED.role, file_path = EXCLUDED.file_path, hdu_name = EXCLUDED.hdu_name, "
                         + "file_size = EXCLUDED.file_size")) {
                for (ObsCoreMapper.Rows r : rows) {
                    bind(c, po, obscore, r.obscore());
                    po.addBatch();
                    bind(c, ph, hea, r.hea());
                    ph.addBatch();
                    pf.setString(1, r.publisherDid());
                    pf.setString(2, collection);
                    pf.setString(3, (String) r.obscore().get("obs_id"));
                    pf.setString(4, r.role());
                    pf.setString(5, r.file().path());
                    pf.setString(6, r.file().hduName());
                    pf.setLong(7, r.file().size());
                    pf.addBatch();
                }
                po.executeBatch();
                ph.executeBatch();
                pf.executeBatch();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM ivoa.obscore o USING tap.dataset_file f "
                    + "WHERE f.obs_publisher_did = o.obs_publisher_did AND f.collection = ? AND NOT (o.obs_publisher_did = ANY (?))")) {
                del.setString(1, collection);
                del.setArray(2, c.createArrayOf("text", rows.stream().map(ObsCoreMapper.Rows::publisherDid).toArray()));
                int n = del.executeUpdate();
                if (n > 0) LOG.infof("%s: removed %d datasets no longer in the data store", collection, n);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tap.service_state VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
                ps.setString(1, "ingest:" + collection);
                ps.setString(2, fingerprint);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private static String upsert(Table t) {
        List<String> cols = t.columns().stream().map(Column::dbName).toList();
        String key = "obs_publisher_did";
        return "INSERT INTO " + t.dbSchema() + "." + t.dbName() + " (" + String.join(", ", cols) + ") VALUES ("
                + cols.stream().map(x -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT (" + key + ") DO UPDATE SET "
                + cols.stream().filter(x -> !x.equals(key)).map(x -> x + " = EXCLUDED." + x).collect(Collectors.joining(", "));
    }

    private static void bind(Connection c, PreparedStatement ps, Table t, Map<String, Object> values) throws SQLException {
        int i = 1;
        for (Column col : t.columns()) {
            Object v = values.get(col.name());
            if (v instanceof double[] a) {
                Double[] boxed = new Double[a.length];
                for (int k = 0; k < a.length; k++) boxed[k] = a[k];
                ps.setArray(i, c.createArrayOf("float8", boxed));
            } else if (v == null) {
                ps.setNull(i, sqlType(col));
            } else {
                ps.setObject(i, v);
            }
            i++;
        }
    }

    private static int sqlType(Column c) {
        if (c.arraysize() != null && !"char".equals(c.datatype())) return Types.ARRAY;
        return switch (c.datatype()) {
            case "short" -> Types.SMALLINT;
            case "int" -> Types.INTEGER;
            case "long" -> Types.BIGINT;
            case "double" -> Types.DOUBLE;
            case "float" -> Types.REAL;
            default -> Types.VARCHAR;
        };
    }

    /** Where a published dataset's bytes are. */
    public record DatasetFile(String publisherDid, String collection, String obsId, String role, String path, String hduName, long size) {
    }

    /** All files of the observation a publisher DID belongs to (bundle first), empty if unknown. */
    public List<DatasetFile> filesOfObservation(String publisherDid) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT f.* FROM tap.dataset_file f JOIN tap.dataset_file g "
                     + "ON f.collection = g.collection AND f.obs_id = g.obs_id WHERE g.obs_publisher_did = ? "
                     + "ORDER BY (f.role = 'bundle') DESC, f.role")) {
            ps.setString(1, publisherDid);
            return files(ps);
        }
    }

    /** Where an observation pointed (ICRS, degrees) and its field of view diameter (degrees). */
    public record Pointing(double ra, double dec, double fov) {
    }

    /** The pointing of the dataset {@code publisherDid}, empty if unknown. */
    public Optional<Pointing> pointing(String publisherDid) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT s_ra, s_dec, s_fov FROM ivoa.obscore WHERE obs_publisher_did = ?")) {
            ps.setString(1, publisherDid);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(new Pointing(r.getDouble(1), r.getDouble(2), r.getDouble(3)));
            }
        }
    }

    /** The file of one dataset role of an observation. */
    public Optional<DatasetFile> file(String collection, String obsId, String role) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT * FROM tap.dataset_file WHERE collection = ? AND obs_id = ? AND role = ?")) {
            ps.setString(1, collection);
            ps.setString(2, obsId);
            ps.setString(3, role);
            return files(ps).stream().findFirst();
        }
    }

    private static List<DatasetFile> files(PreparedStatement ps) throws SQLException {
        try (ResultSet r = ps.executeQuery()) {
            List<DatasetFile> out = new java.util.ArrayList<>();
            while (r.next()) {
                out.add(new DatasetFile(r.getString("obs_publisher_did"), r.getString("collection"), r.getString("obs_id"),
                        r.getString("role"), r.getString("file_path"), r.getString("hdu_name"), r.getLong("file_size")));
            }
            return out;
        }
    }
}
