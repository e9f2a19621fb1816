package org.gammavo.uws.api;

import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.ParameterDescription;
import org.gammavo.jobs.catalogue.ParameterType;
import org.gammavo.jobs.catalogue.ResultDescription;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.OutputStream;

/**
 * A job description as a VOTable service descriptor (DataLink 1.1 §4: RESOURCE type="meta" utype="adhoc:service"),
 * the form OPUS and DataLink-aware clients read: accessURL and standardID, the input parameters as PARAMs in the
 * GROUP "inputParams" (with unit, UCD, default as value, MIN/MAX and OPTIONs), and the results announced in a GROUP
 * "results".
 */
final class ServiceDescriptorWriter {

    static final String VOTABLE = "http://www.ivoa.net/xml/VOTable/v1.3";
    static final String MEDIA_TYPE = "application/x-votable+xml";

    private ServiceDescriptorWriter() {
    }

    static void write(OutputStream out, JobDescription d, String accessUrl) {
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("VOTABLE");
            w.writeDefaultNamespace(VOTABLE);
            w.writeAttribute("version", "1.4");
            w.writeStartElement("RESOURCE");
            w.writeAttribute("type", "meta");
            w.writeAttribute("utype", "adhoc:service");
            w.writeAttribute("ID", d.id());
            w.writeAttribute("name", d.title());
            element(w, "DESCRIPTION", d.description());
            info(w, "descriptionId", d.descriptionId());
            info(w, "executor", d.executor());
            info(w, "typicalRuntime", Long.toString(d.typicalRuntime()));
            info(w, "defaultExecutionDuration", Long.toString(d.defaultExecutionDuration()));
            info(w, "maxExecutionDuration", Long.toString(d.maxExecutionDuration()));
            info(w, "defaultDestruction", d.defaultDestruction().toString());
            info(w, "anonymous", Boolean.toString(d.anonymous()));
            charParam(w, "accessURL", accessUrl);
            charParam(w, "standardID", "ivo://ivoa.net/std/UWS#async-1.1");
            w.writeStartElement("GROUP");
            w.writeAttribute("name", "inputParams");
            for (ParameterDescription p : d.parameters()) {
                param(w, p);
            }
            w.writeEndElement();
            w.writeStartElement("GROUP");
            w.writeAttribute("name", "results");
            for (ResultDescription r : d.results()) {
                w.writeStartElement("PARAM");
                w.writeAttribute("name", r.name());
                w.writeAttribute("datatype", "char");
                w.writeAttribute("arraysize", "*");
                w.writeAttribute("xtype", "mime:" + r.mimeType());
                w.writeAttribute("value", r.mimeType());
                if (r.description() != null) {
                    element(w, "DESCRIPTION", r.description());
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write service descriptor", e);
        }
    }

    private static void param(XMLStreamWriter w, ParameterDescription p) throws XMLStreamException {
        w.writeStartElement("PARAM");
        w.writeAttribute("name", p.name());
        w.writeAttribute("datatype", p.type().votableDatatype());
        if (p.type().votableDatatype().equals("char")) {
            w.writeAttribute("arraysize", "*");
        }
        if (p.type() == ParameterType.DATETIME) {
            w.writeAttribute("xtype", "timestamp");
        }
        if (p.unit() != null) {
            w.writeAttribute("unit", p.unit());
        }
        if (p.ucd() != null) {
            w.writeAttribute("ucd", p.ucd());
        }
        w.writeAttribute("value", p.defaultValue() == null ? "" : p.defaultValue());
        if (p.required()) {
            // No VOTable attribute says "required"; DataLink service descriptors use the utype convention.
            w.writeAttribute("utype", "gammavo:required");
        }
        element(w, "DESCRIPTION", p.description() + (p.type() == ParameterType.FILE ? " (upload as multipart/form-data)" : ""));
        if (p.min() != null || p.max() != null || !p.allowed().isEmpty()) {
            w.writeStartElement("VALUES");
            if (p.min() != null) {
                w.writeEmptyElement("MIN");
                w.writeAttribute("value", number(p.min()));
                w.writeAttribute("inclusive", "yes");
            }
            if (p.max() != null) {
                w.writeEmptyElement("MAX");
                w.writeAttribute("value", number(p.max()));
                w.writeAttribute("inclusive", "yes");
            }
            for (String a : p.allowed()) {
                w.writeEmptyElement("OPTION");
                w.writeAttribute("value", a);
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void charParam(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("PARAM");
        w.writeAttribute("name", name);
        w.writeAttribute("datatype", "char");
        w.writeAttribute("arraysize", "*");
        w.writeAttribute("value", value);
    }

    private static void info(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("INFO");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value);
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text == null ? "" : text);
        w.writeEndElement();
    }
}
