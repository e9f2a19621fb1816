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
import uk.ac.starlink.util.DataSource;
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

    @ConfigProperty(name = "gammavo.tap.upload.max-bytes", defaultValue = "20000000")
    long maxBytes;

    @ConfigProperty(name = "gammavo.tap.upload.max-rows", defaultValue = "100000")
    long maxRows;

    /** Reads the VOTable in {@code in} into the database and returns its metadata (schema TAP_UPLOAD). */
    public Table load(Connection c, String name, InputStream in) throws IOException, SQLException, TapRequest.InvalidRequest {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) throw new TapRequest.InvalidRequest("UPLOAD " + name + " is larger than " + maxBytes + " bytes");
        refuseExternalReferences(name, bytes);
        StarTable t;
        try {
            t = new VOTableBuilder().makeStarTable(new BytesSource(bytes), false, StoragePolicy.PREFER_MEMORY);
        } catch (IOException e) {
            throw new TapRequest.InvalidRequest("UPLOAD " + name + " is not a readable VOTable: " + e.getMessage());
        }
        String dbName = "u_" + UUID.randomUUID().toString().replace("-", "");
        Table.Builder meta = Table.builder("TAP_UPLOAD", name).db("tap_upload", dbName).description("uploaded table");
        List<String> ddl = new ArrayList<>();
        int n = t.getColumnCount();
        String[] sqlTypes = new String[n];
        for (int i = 0; i < n; i++) {
            ColumnInfo ci = t.getColumnInfo(i);
            String col = ci.getName() == null || ci.getName().isBlank() ? "col" + (i + 1) : ci.getName().trim();
            Class<?> cls = ci.getContentClass();
            String datatype;
            String arraysize = null;
            if (cls == Short.class || cls == Byte.class) { datatype = "short"; sqlTypes[i] = "SMALLINT"; }
            else if (cls == Integer.class) { datatype = "int"; sqlTypes[i] = "INTEGER"; }
            else if (cls == Long.class) { datatype = "long"; sqlTypes[i] = "BIGINT"; }
            else if (cls == Float.class) { datatype = "float"; sqlTypes[i] = "REAL"; }
            else if (cls == Double.class) { datatype = "double"; sqlTypes[i] = "DOUBLE PRECISION"; }
            else if (cls == Boolean.class) { datatype = "boolean"; sqlTypes[i] = "BOOLEAN"; }
            else if (cls == String.class && "timestamp".equalsIgnoreCase(ci.getXtype())) {
                datatype = "char"; arraysize = "*"; sqlTypes[i] = "TIMESTAMP";
            }
            else if (cls == double[].class || cls == float[].class) {
                datatype = "double";
                int[] shape = ci.getShape();
                arraysize = shape != null && shape.length == 1 && shape[0] > 0 ? Integer.toString(shape[0]) : "*";
                sqlTypes[i] = "DOUBLE PRECISION[]";
            } else { datatype = "char"; arraysize = "*"; sqlTypes[i] = "TEXT"; }
            Column.Builder cb = Column.builder(col, datatype).dbName("c" + (i + 1)).arraysize(arraysize);
            if (ci.getUnitString() != null) cb.unit(ci.getUnitString());
            if (ci.getUCD() != null) cb.ucd(ci.getUCD());
            if (ci.getXtype() != null && (sqlTypes[i].endsWith("[]") || sqlTypes[i].equals("TIMESTAMP"))) {
                cb.xtype(ci.getXtype().toLowerCase(Locale.ROOT));
            }
            meta.column(cb);
            ddl.add("c" + (i + 1) + " " + sqlTypes[i]);
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tap_upload." + dbName + " (" + String.join(", ", ddl) + ")");
        }
        StringBuilder insert = new StringBuilder("INSERT INTO tap_upload." + dbName + " VALUES (");
        for (int i = 0; i < n; i++) insert.append(i == 0 ? "?" : ", ?");
        insert.append(')');
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(insert.toString()); RowSequence seq = t.getRowSequence()) {
            while (seq.next()) {
                if (++rows > maxRows) throw new TapRequest.InvalidRequest("UPLOAD " + name + " has more than " + maxRows + " rows");
                for (int i = 0; i < n; i++) {
                    Object v = seq.getCell(i);
                    if (v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN())) {
                        ps.setNull(i + 1, java.sql.Types.OTHER);
                    } else if (sqlTypes[i].endsWith("[]")) {
                        Double[] a = new Double[Array.getLength(v)];
                        for (int k = 0; k < a.length; k++) a[k] = ((Number) Array.get(v, k)).doubleValue();
                        ps.setArray(i + 1, c.createArrayOf("float8", a));
                    } else if (sqlTypes[i].equals("TIMESTAMP")) {
                        ps.setObject(i + 1, timestamp(name, v.toString()));
                    } else if (sqlTypes[i].equals("TEXT")) {
                        ps.setString(i + 1, v.toString());
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
        return meta.build();
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
    static void refuseExternalReferences(String name, byte[] bytes) throws TapRequest.InvalidRequest {
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
                throw new TapRequest.InvalidRequest("UPLOAD " + name + ": DTDs are not allowed in uploads");
            }
            throw new TapRequest.InvalidRequest("UPLOAD " + name + " is not a readable VOTable: " + e.getMessage());
        } catch (javax.xml.parsers.ParserConfigurationException | IOException e) {
            throw new TapRequest.InvalidRequest("UPLOAD " + name + " is not a readable VOTable: " + e.getMessage());
        }
    }

    /** DALI 1.1 §3.3.3 timestamp (UTC, optional 'Z', date only allowed) as a LocalDateTime. */
    private static java.time.LocalDateTime timestamp(String table, String s) throws TapRequest.InvalidRequest {
        String v = s.trim();
        if (v.endsWith("Z")) v = v.substring(0, v.length() - 1);
        try {
            return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay() : java.time.LocalDateTime.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new TapRequest.InvalidRequest("UPLOAD " + table + ": '" + s + "' is not a DALI timestamp");
        }
    }

    /** A STIL data source over bytes already read (uploads are small and bounded). */
    private static final class BytesSource extends DataSource {
        private final byte[] bytes;

        BytesSource(byte[] bytes) {
            this.bytes = bytes;
            setName("upload");
        }

        @Override
        protected InputStream getRawInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public long getRawLength() {
            return bytes.length;
        }
    }
}
