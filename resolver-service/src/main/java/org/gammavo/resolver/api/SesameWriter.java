package org.gammavo.resolver.api;

import org.gammavo.resolver.domain.Resolution;
import org.gammavo.resolver.domain.SkyObject;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes resolutions in Sesame's two answer forms: the plain text one ({@code %J ra dec = sexagesimal} lines, which
 * astropy and most tools read) and the XML one of the Sesame 4 schema (Sesame/Target/Resolver with jpos, jradeg,
 * jdedeg, oname, alias). Not found is Sesame's own "*** Nothing found ***", with HTTP 200, as Sesame does.
 */
final class SesameWriter {

    /** Our "database": one letter and a name, in Sesame's {@code #=S=Simbad} style. */
    static final String RESOLVER = "G=GammaVO";
    private static final String NOTHING = "*** Nothing found ***";
    private static final DateTimeFormatter DONE =
            DateTimeFormatter.ofPattern("yyyy-MMM-dd,HH:mm:ss'z'", Locale.ROOT);

    private SesameWriter() {
    }

    static String text(SesameQuery q, List<Resolution> results) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Resolution r : results) {
            n++;
            b.append("# ").append(r.query()).append("\t#Q").append(n).append('\n');
            if (r instanceof Resolution.Found f) {
                SkyObject o = f.object();
                b.append("#=").append(RESOLVER).append(" (").append(o.reference()).append("):    1\n");
                b.append("%I.0 ").append(o.canonicalName()).append('\n');
                if (o.objectClass() != null) {
                    b.append("%C.0 ").append(o.objectClass()).append('\n');
                }
                b.append(String.format(Locale.ROOT, "%%J %.7f %+.7f = %s%n", o.ra(), o.dec(),
                        Sexagesimal.of(o.ra(), o.dec())));
                if (q.identifiers()) {
                    for (String alias : o.names()) {
                        if (!alias.equals(o.canonicalName())) {
                            b.append("%I ").append(alias).append('\n');
                        }
                    }
                }
            } else {
                b.append("#! ").append(NOTHING).append('\n');
            }
            b.append('\n');
        }
        b.append("#====Done (").append(ZonedDateTime.now(ZoneOffset.UTC).format(DONE)).append(")====\n");
        return b.toString();
    }

    static String xml(SesameQuery q, List<Resolution> results) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("Sesame");
            w.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            w.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
                    "http://vizier.u-strasbg.fr/xml/sesame_4x.xsd");
            for (Resolution r : results) {
                w.writeCharacters("\n");
                w.writeStartElement("Target");
                w.writeAttribute("option", q.databases());
                element(w, "name", r.query());
                if (r instanceof Resolution.Found f) {
                    SkyObject o = f.object();
                    w.writeStartElement("Resolver");
                    w.writeAttribute("name", RESOLVER);
                    element(w, "INFO", o.reference());
                    if (o.objectClass() != null) {
                        element(w, "otype", o.objectClass());
                    }
                    element(w, "jpos", Sexagesimal.of(o.ra(), o.dec()));
                    element(w, "jradeg", String.format(Locale.ROOT, "%.7f", o.ra()));
                    element(w, "jdedeg", String.format(Locale.ROOT, "%+.7f", o.dec()));
                    element(w, "oname", o.canonicalName());
                    if (q.identifiers()) {
                        for (String alias : o.names()) {
                            if (!alias.equals(o.canonicalName())) {
                                element(w, "alias", alias);
                            }
                        }
                    }
                    w.writeEndElement();
                } else {
                    element(w, "INFO", NOTHING);
                }
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write Sesame XML", e);
        }
        return out + "\n<!-- ====Done (" + ZonedDateTime.now(ZoneOffset.UTC).format(DONE) + ")==== -->\n";
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text == null ? "" : text);
        w.writeEndElement();
    }
}
