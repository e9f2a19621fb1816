package org.gammavo.tap.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.ForeignKey;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;
import org.gammavo.tap.domain.ResultFormat;
import org.gammavo.tap.domain.TapMetadata;
import uk.ac.starlink.votable.VOSerializer;

/**
 * VOSI 1.1 capabilities (§3.2, with TAPRegExt 1.0) and tables (§3.4, VODataService 1.1 tableset, with the
 * {@code detail} parameter and per-table documents).
 */
@Path("/")
public class VosiResource {

    @jakarta.inject.Inject
    org.gammavo.tap.domain.TapLimits limits;

    @jakarta.inject.Inject
    PublicUrl publicUrl;

    @jakarta.inject.Inject
    org.gammavo.tap.adapters.UserTableStore userTables;

    /** Lazy authentication: a caller who sends credentials also sees their own user tables. */
    @jakarta.inject.Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /** The tables the caller may query: the published ones, plus their user tables when authenticated. */
    private TableSet visibleTables() {
        if (identity.isAnonymous()) return TapMetadata.TABLES;
        try {
            var own = userTables.tablesOf(identity.getPrincipal().getName());
            return own == null ? TapMetadata.TABLES : own.tableSet();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the user tables: " + e.getMessage(), e);
        }
    }

    private static String esc(String s) {
        return VOSerializer.formatText(s == null ? "" : s);
    }

    @GET
    @Path("capabilities")
    @Produces("text/xml")
    public String capabilities() {
        String base = publicUrl.base();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\"\n")
                .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("    xmlns:vr=\"http://www.ivoa.net/xml/VOResource/v1.0\"\n")
                .append("    xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\"\n")
                .append("    xmlns:tr=\"http://www.ivoa.net/xml/TAPRegExt/v1.0\">\n");
        x.append("  <capability standardID=\"ivo://ivoa.net/std/TAP\" xsi:type=\"tr:TableAccess\">\n")
                .append("    <interface xsi:type=\"vs:ParamHTTP\" role=\"std\" version=\"1.1\">\n")
                .append("      <accessURL use=\"base\">").append(esc(base)).append("</accessURL>\n")
                .append("    </interface>\n")
                .append("    <dataModel ivo-id=\"ivo://ivoa.net/std/ObsCore#core-1.1\">ObsCore-1.1</dataModel>\n")
                .append("    <language>\n      <name>ADQL</name>\n")
                .append("      <version ivo-id=\"ivo://ivoa.net/std/ADQL#v2.0\">2.0</version>\n")
                .append("      <version ivo-id=\"ivo://ivoa.net/std/ADQL#v2.1\">2.1</version>\n")
                .append("      <description>ADQL 2.1 (and 2.0 with LANG=ADQL-2.0), translated to PostgreSQL</description>\n");
        features(x, "adqlgeo", "POINT", "CIRCLE", "BOX", "POLYGON", "CENTROID", "AREA", "COORD1", "COORD2", "COORDSYS",
                "CONTAINS", "INTERSECTS", "DISTANCE");
        features(x, "adql-string", "LOWER", "UPPER", "ILIKE");
        features(x, "adql-offset", "OFFSET");
        features(x, "adql-type", "CAST");
        features(x, "adql-unit", "IN_UNIT");
        features(x, "adql-common-table", "WITH");
        features(x, "adql-sets", "UNION", "EXCEPT", "INTERSECT");
        x.append("    </language>\n");
        format(x, ResultFormat.VOTABLE_BINARY2, "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2");
        format(x, ResultFormat.VOTABLE_TABLEDATA, "ivo://ivoa.net/std/TAPRegExt#output-votable-td");
        format(x, ResultFormat.CSV, null);
        format(x, ResultFormat.TSV, null);
        format(x, ResultFormat.JSON, null);
        x.append("    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-inline\"/>\n")
                .append("    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-http\"/>\n")
                .append("    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-https\"/>\n")
                .append("    <executionDuration><hard>").append(limits.queryTimeoutSeconds()).append("</hard></executionDuration>\n")
                .append("    <outputLimit><default unit=\"row\">").append(limits.defaultMaxrec()).append("</default>")
                .append("<hard unit=\"row\">").append(limits.maxrecLimit()).append("</hard></outputLimit>\n")
                .append("    <uploadLimit><hard unit=\"byte\">").append(limits.uploadMaxBytes()).append("</hard></uploadLimit>\n")
                .append("  </capability>\n");
        vosi(x, "ivo://ivoa.net/std/VOSI#capabilities", base + "/capabilities");
        vosi(x, "ivo://ivoa.net/std/VOSI#availability", base + "/availability");
        vosi(x, "ivo://ivoa.net/std/VOSI#tables-1.1", base + "/tables");
        vosi(x, "ivo://ivoa.net/std/DALI#examples", base + "/examples");
        vosi(x, "ivo://ivoa.net/std/DataLink#links-1.1", base + "/datalink");
        x.append("</vosi:capabilities>\n");
        return x.toString();
    }

    private static void features(StringBuilder x, String type, String... forms) {
        x.append("      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-").append(type).append("\">\n");
        for (String f : forms) x.append("        <feature><form>").append(f).append("</form></feature>\n");
        x.append("      </languageFeatures>\n");
    }

    private static void format(StringBuilder x, ResultFormat f, String ivoId) {
        x.append("    <outputFormat").append(ivoId == null ? "" : " ivo-id=\"" + ivoId + "\"").append(">\n")
                .append("      <mime>").append(esc(f.mimeType())).append("</mime>\n");
        for (String n : f.names()) if (!n.contains("/") || n.startsWith("votable")) x.append("      <alias>").append(n).append("</alias>\n");
        x.append("    </outputFormat>\n");
    }

    private static void vosi(StringBuilder x, String standardId, String url) {
        x.append("  <capability standardID=\"").append(standardId).append("\">\n")
                .append("    <interface xsi:type=\"vs:ParamHTTP\">\n")
                .append("      <accessURL use=\"full\">").append(esc(url)).append("</accessURL>\n")
                .append("    </interface>\n  </capability>\n");
    }

    @GET
    @Path("tables")
    @Produces("text/xml")
    public String tables(@QueryParam("detail") String detail) {
        boolean min = "min".equalsIgnoreCase(detail);
        TableSet ts = visibleTables();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<vosi:tableset xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\"\n")
                .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("    xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">\n");
        for (String schema : ts.schemas()) {
            x.append("  <schema>\n    <name>").append(esc(schema)).append("</name>\n");
            if (ts.schemaDescription(schema) != null) x.append("    <description>").append(esc(ts.schemaDescription(schema))).append("</description>\n");
            for (Table t : ts.tables()) if (t.schema().equals(schema)) table(x, t, !min, "    ");
            x.append("  </schema>\n");
        }
        x.append("</vosi:tableset>\n");
        return x.toString();
    }

    @GET
    @Path("tables/{name}")
    @Produces("text/xml")
    public Response table(@PathParam("name") String name) {
        int dot = name.indexOf('.');
        Table t = dot < 0 ? null : visibleTables().find(name.substring(0, dot), name.substring(dot + 1));
        if (t == null) return DaliError.response(404, "no table " + name + " (names are schema.table, as in /tables)");
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        table(x, t, true, "");
        String doc = x.toString().replaceFirst("<table type=", "<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\" type=");
        doc = doc.substring(0, doc.lastIndexOf("</table>")) + "</vosi:table>\n";
        return Response.ok(doc, "text/xml").build();
    }

    private static void table(StringBuilder x, Table t, boolean columns, String in) {
        x.append(in).append("<table type=\"").append(t.type()).append("\">\n")
                .append(in).append("  <name>").append(esc(t.qualifiedName())).append("</name>\n");
        if (t.description() != null) x.append(in).append("  <description>").append(esc(t.description())).append("</description>\n");
        if (t.utype() != null) x.append(in).append("  <utype>").append(esc(t.utype())).append("</utype>\n");
        if (columns) {
            for (Column c : t.columns()) {
                x.append(in).append("  <column>\n").append(in).append("    <name>").append(esc(TapMetadata.publishedName(c))).append("</name>\n");
                if (c.description() != null) x.append(in).append("    <description>").append(esc(c.description())).append("</description>\n");
                if (c.unit() != null) x.append(in).append("    <unit>").append(esc(c.unit())).append("</unit>\n");
                if (c.ucd() != null) x.append(in).append("    <ucd>").append(esc(c.ucd())).append("</ucd>\n");
                if (c.utype() != null) x.append(in).append("    <utype>").append(esc(c.utype())).append("</utype>\n");
                x.append(in).append("    <dataType xsi:type=\"vs:VOTableType\"");
                if (c.arraysize() != null) x.append(" arraysize=\"").append(c.arraysize()).append('"');
                if (c.xtype() != null) x.append(" extendedType=\"").append(esc(c.xtype())).append('"');
                x.append('>').append(c.datatype()).append("</dataType>\n");
                if (c.indexed()) x.append(in).append("    <flag>indexed</flag>\n");
                if (c.principal()) x.append(in).append("    <flag>principal</flag>\n");
                if (c.std()) x.append(in).append("    <flag>std</flag>\n");
                x.append(in).append("  </column>\n");
            }
            for (ForeignKey k : t.foreignKeys()) {
                x.append(in).append("  <foreignKey>\n").append(in).append("    <targetTable>").append(esc(k.targetTable())).append("</targetTable>\n");
                for (int i = 0; i < k.fromColumns().size(); i++) {
                    x.append(in).append("    <fkColumn><fromColumn>").append(esc(k.fromColumns().get(i))).append("</fromColumn><targetColumn>")
                            .append(esc(k.targetColumns().get(i))).append("</targetColumn></fkColumn>\n");
                }
                if (k.description() != null) x.append(in).append("    <description>").append(esc(k.description())).append("</description>\n");
                x.append(in).append("  </foreignKey>\n");
            }
        }
        x.append(in).append("</table>\n");
    }
}
