package org.gammavo.tap.adapters;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.Table;
import org.gammavo.tap.domain.TapRequest;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Loads a TAP_UPLOAD table (TAP 1.1 §2.5.7): parses the VOTable with STIL and copies it into a table of schema
 * tap_upload created in the query's own transaction, so it is visible to that query only and disappears with the
 * rollback that ends the query. Columns keep their VOTable name in ADQL and are stored as c1, c2, ...
 */
@ApplicationScoped
public class UploadLoader {

    @jakarta.inject.Inject
    org.gammavo.tap.domain.TapLimits limits;

    @ConfigProperty(name = "gammavo.tap.upload.max-rows")
    long maxRows;

    /** Reads the VOTable in {@code in} into the database and returns its metadata (schema TAP_UPLOAD). */
    public Table load(Connection c, String name, InputStream in) throws IOException, SQLException, TapRequest.InvalidRequest {
        String label = "UPLOAD " + name;
        StarTable t = readVotable(label, readLimited(in, limits.uploadMaxBytes(), label));
        String dbName = "u_" + UUID.randomUUID().toString().replace("-", "");
        List<PlannedColumn> plan = plan(t);
        create(c, "tap_upload." + dbName, plan);
        insert(c, t, plan, label, "tap_upload." + dbName, maxRows);
        Table.Builder meta = Table.builder("TAP_UPLOAD", name).db("tap_upload", dbName).description("uploaded table");
        for (PlannedColumn p : plan) meta.column(p.metadata());
        return meta.build();
    }

    /** At most {@code max} bytes of {@code in}; more is a bad request. */
    public static byte[] readLimited(InputStream in, long max, String label) throws IOException, TapRequest.InvalidRequest {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) throw new TapRequest.InvalidRequest(label + " is larger than " + max + " bytes");
        return bytes;
    }

    /** Parses a VOTable after the hardened XML pass (no DTD, no STREAM href). */
    public StarTable readVotable(String label, byte[] bytes) throws TapRequest.InvalidRequest {
        refuseExternalReferences(label, bytes);
        try {
            return new VOTableBuilder().makeStarTable(new ByteArrayDataSource("upload", bytes), false, StoragePolicy.PREFER_MEMORY);
        } catch (IOException e) {
            throw new TapRequest.InvalidRequest(label + " is not a readable VOTable: " + e.getMessage());
        }
    }

    /**
     * One column of a table to load: its ADQL metadata as the upload gives it (TAP upload type mapping) and the SQL
     * type it is stored as; the database name is c1, c2, ... Mutable until the table is created.
     */
    public static final class PlannedColumn {
        public final String name;
        public String datatype;
        public String arraysize;
        public String xtype;
        public String sqlType;
        public final String unit;
        public final String ucd;
        public final String description;
        /** c1, c2, ...; a user table stores a plain name as itself (so USING joins with published tables work). */
        public String dbName;
        public boolean indexed;

        PlannedColumn(String name, String dbName, String unit, String ucd, String description) {
            this.name = name;
            this.dbName = dbName;
            this.unit = unit;
            this.ucd = ucd;
            this.description = description;
        }

        public Column.Builder metadata() {
            Column.Builder cb = Column.builder(name, datatype).dbName(dbName).arraysize(arraysize).xtype(xtype);
            if (unit != null) cb.unit(unit);
            if (ucd != null) cb.ucd(ucd);
            if (description != null) cb.description(description);
            if (indexed) cb.indexed();
            return cb;
        }
    }

    /** The columns of a STIL table with the types they are published and stored as. */
    public static List<PlannedColumn> plan(StarTable t) {
        List<PlannedColumn> out = new ArrayList<>();
        int n = t.getColumnCount();
        for (int i = 0; i < n; i++) {
            ColumnInfo ci = t.getColumnInfo(i);
            String col = ci.getName() == null || ci.getName().isBlank() ? "col" + (i + 1) : ci.getName().trim();
            String desc = ci.getDescription() == null || ci.getDescription().isBlank() ? null : ci.getDescription().trim();
            PlannedColumn p = new PlannedColumn(col, "c" + (i + 1), ci.getUnitString(), ci.getUCD(), desc);
            Class<?> cls = ci.getContentClass();
            if (cls == Short.class || cls == Byte.class) { p.datatype = "short"; p.sqlType = "SMALLINT"; }
            else if (cls == Integer.class) { p.datatype = "int"; p.sqlType = "INTEGER"; }
            else if (cls == Long.class) { p.datatype = "long"; p.sqlType = "BIGINT"; }
            else if (cls == Float.class) { p.datatype = "float"; p.sqlType = "REAL"; }
            else if (cls == Double.class) { p.datatype = "double"; p.sqlType = "DOUBLE PRECISION"; }
            else if (cls == Boolean.class) { p.datatype = "boolean"; p.sqlType = "BOOLEAN"; }
            else if (cls == String.class && "timestamp".equalsIgnoreCase(ci.getXtype())) {
                p.datatype = "char"; p.arraysize = "*"; p.sqlType = "TIMESTAMP";
            }
            else if (cls == double[].class || cls == float[].class) {
                p.datatype = "double";
                int[] shape = ci.getShape();
                p.arraysize = shape != null && shape.length == 1 && shape[0] > 0 ? Integer.toString(shape[0]) : "*";
                p.sqlType = "DOUBLE PRECISION[]";
            } else { p.datatype = "char"; p.arraysize = "*"; p.sqlType = "TEXT"; }
            if (ci.getXtype() != null && (p.sqlType.endsWith("[]") || p.sqlType.equals("TIMESTAMP"))) {
                p.xtype = ci.getXtype().toLowerCase(Locale.ROOT);
            }
            out.add(p);
        }
        return out;
    }

    /** CREATE TABLE {@code dbTable} (schema-qualified, safe identifiers) with the planned columns (names quoted). */
    public static void create(Connection c, String dbTable, List<PlannedColumn> plan) throws SQLException {
        List<String> ddl = new ArrayList<>();
        for (PlannedColumn p : plan) ddl.add('"' + p.dbName + "\" " + p.sqlType);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + dbTable + " (" + String.join(", ", ddl) + ")");
        }
    }

    /** Copies the rows of {@code t} into {@code dbTable}; more than {@code maxRows} rows is a bad request. */
    public static long insert(Connection c, StarTable t, List<PlannedColumn> plan, String label, String dbTable, long maxRows)
            throws IOException, SQLException, TapRequest.InvalidRequest {
        int n = plan.size();
        StringBuilder insert = new StringBuilder("INSERT INTO " + dbTable + " VALUES (");
        for (int i = 0; i < n; i++) insert.append(i == 0 ? "?" : ", ?");
        insert.append(')');
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(insert.toString()); RowSequence seq = t.getRowSequence()) {
            while (seq.next()) {
                if (++rows > maxRows) throw new TapRequest.InvalidRequest(label + " has more than " + maxRows + " rows");
                for (int i = 0; i < n; i++) {
                    Object v = seq.getCell(i);
                    String sqlType = plan.get(i).sqlType;
                    if (v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN())) {
                        ps.setNull(i + 1, java.sql.Types.OTHER);
                    } else if (sqlType.endsWith("[]")) {
                        Double[] a = new Double[Array.getLength(v)];
                        for (int k = 0; k < a.length; k++) a[k] = ((Number) Array.get(v, k)).doubleValue();
                        ps.setArray(i + 1, c.createArrayOf("float8", a));
                    } else if (sqlType.equals("TIMESTAMP")) {
                        ps.setObject(i + 1, timestamp(label, v.toString()));
                    } else if (sqlType.equals("TEXT")) {
                        ps.setString(i + 1, v.toString());
                    } else if (sqlType.equals("DOUBLE PRECISION") && v instanceof Number num) {
                        ps.setDouble(i + 1, num.doubleValue());
                    } else if (v instanceof Byte b) {
                        ps.setShort(i + 1, b);
                    } else {
                        ps.setObject(i + 1, v);
                    }
                }
                ps.addBatch();
                if (rows % 1000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    /** Raised from the SAX pass at a DOCTYPE, before the parser reads any of it. */
    private static final class DtdFound extends org.xml.sax.SAXException {
        DtdFound() {
            super("DTDs are not allowed in uploads");
        }
    }

    /**
     * A VOTable needs no DTD and no STREAM href, and an attacker would use either to make the service read a file or
     * an internal URL (XXE, SSRF) or expand entities without end. This SAX pass over the bytes refuses both before
     * STIL, which cannot be configured that way, sees them: the DOCTYPE is caught in {@code startDTD}, before its
     * internal subset or external DTD is read (and external entities, external DTDs and XInclude are off anyway).
     * STIL then parses the very same bytes.
     */
    static void refuseExternalReferences(String label, byte[] bytes) throws TapRequest.InvalidRequest {
        try {
            javax.xml.parsers.SAXParserFactory f = javax.xml.parsers.SAXParserFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            org.xml.sax.XMLReader reader = f.newSAXParser().getXMLReader();
            org.xml.sax.ext.DefaultHandler2 handler = new org.xml.sax.ext.DefaultHandler2() {
                @Override
                public void startDTD(String dtdName, String publicId, String systemId) throws org.xml.sax.SAXException {
                    throw new DtdFound();
                }

                @Override
                public org.xml.sax.InputSource resolveEntity(String n, String publicId, String baseUri, String systemId)
                        throws org.xml.sax.SAXException {
                    throw new DtdFound();
                }

                @Override
                public void startElement(String uri, String local, String qName, org.xml.sax.Attributes atts)
                        throws org.xml.sax.SAXException {
                    if (local.equals("STREAM") && atts.getValue("href") != null) {
                        throw new org.xml.sax.SAXException("STREAM href (data read from elsewhere) is not allowed in uploads");
                    }
                }
            };
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", handler);
            reader.setContentHandler(handler);
            reader.setEntityResolver(handler);
            reader.parse(new org.xml.sax.InputSource(new java.io.ByteArrayInputStream(bytes)));
        } catch (org.xml.sax.SAXException e) {
            if (e instanceof DtdFound || e.getException() instanceof DtdFound || e.getCause() instanceof DtdFound) {
                throw new TapRequest.InvalidRequest(label + ": DTDs are not allowed in uploads");
            }
            throw new TapRequest.InvalidRequest(label + " is not a readable VOTable: " + e.getMessage());
        } catch (javax.xml.parsers.ParserConfigurationException | IOException e) {
            throw new TapRequest.InvalidRequest(label + " is not a readable VOTable: " + e.getMessage());
        }
    }

    /** DALI 1.1 §3.3.3 timestamp (UTC, optional 'Z', date only allowed) as a LocalDateTime. */
    private static java.time.LocalDateTime timestamp(String label, String s) throws TapRequest.InvalidRequest {
        String v = s.trim();
        if (v.endsWith("Z")) v = v.substring(0, v.length() - 1);
        try {
            return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay() : java.time.LocalDateTime.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new TapRequest.InvalidRequest(label + ": '" + s + "' is not a DALI timestamp");
        }
    }

}
