package org.gammavo.adql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.parser.QueryParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Reads the IVOA lyonetia query sets (schema queries.xsd) from shared/data/adql beside the repository. */
public final class QuerySets {
    private QuerySets() { }

    /** One test query; {@code functions} are those declared by the file and the query. */
    public record TestQuery(String file, String uuid, String description, String adql, boolean valid,
                            AdqlVersion version, List<UserFunction> functions) { }

    /** Walks up from the working directory (the module dir under Maven) to find shared/data/adql. */
    public static Path dataDir() {
        Path p = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            Path c = d.resolve("shared/data/adql");
            if (Files.isDirectory(c.resolve("ivoa"))) return c;
        }
        throw new IllegalStateException("cannot find shared/data/adql/ivoa above " + p
                + " (expected /work/shared/data/adql beside the repository)");
    }

    /** The sets run by {@code LyonetiaConformanceTest}: shared/data/adql/ivoa, or the directory in {@code -Dlyonetia.dir}. */
    public static List<Path> files() {
        String dir = System.getProperty("lyonetia.dir");
        return files(dir == null || dir.isBlank() ? dataDir().resolve("ivoa") : Path.of(dir));
    }

    /** Every *.xml file of {@code dir}, sorted. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
            if (l.isEmpty()) throw new IllegalStateException("no query files in " + dir);
            return l;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<TestQuery> read(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler() {   // no "[Fatal Error]" on stderr: the exception says it
                @Override public void fatalError(SAXParseException e) throws SAXParseException { throw e; }
            });
            Document doc = b.parse(file.toFile());
            Element root = doc.getDocumentElement();
            List<UserFunction> fileFunctions = functions(root);
            List<TestQuery> out = new ArrayList<>();
            NodeList qs = root.getElementsByTagName("query");
            for (int i = 0; i < qs.getLength(); i++) {
                Element q = (Element) qs.item(i);
                Element a = (Element) q.getElementsByTagName("adql").item(0);
                List<UserFunction> fs = new ArrayList<>(fileFunctions);
                fs.addAll(functions(q));
                NodeList d = q.getElementsByTagName("description");
                String version = a.hasAttribute("version") ? a.getAttribute("version") : "adql-2.1";
                out.add(new TestQuery(file.getFileName().toString(), q.getAttribute("uuid"),
                        d.getLength() > 0 ? d.item(0).getTextContent().trim() : "", a.getTextContent(),
                        "true".equals(a.getAttribute("valid")), AdqlVersion.parse(version), fs));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
    }

    private static List<UserFunction> functions(Element parent) {
        List<UserFunction> out = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("functions")) {
                NodeList fs = e.getElementsByTagName("form");
                for (int i = 0; i < fs.getLength(); i++) out.add(UserFunction.parseForm(fs.item(i).getTextContent(), null));
            }
        }
        return out;
    }

    /**
     * How the engine judges {@code q} against the set: null when it agrees (a valid query parses, an invalid
     * one is rejected), else what went wrong. The one rule shared by LyonetiaConformanceTest and tools.ExtraSets.
     */
    public static String disagreement(TestQuery q) {
        try {
            new QueryParser(q.functions()).parse(q.adql(), q.version());
            return q.valid() ? null : "accepted although invalid";
        } catch (AdqlException e) {
            return q.valid() ? "rejected although valid: " + e : null;
        }
    }

    /**
     * Like {@link #read}, but also reads files that are not well-formed XML (some lyonetia sets have unclosed
     * {@code <descrption>} elements) by taking each {@code <query>} and its {@code <adql>} element textually.
     */
    public static List<TestQuery> readLenient(Path file) {
        try {
            return read(file);
        } catch (IllegalStateException notXml) {
            try {
                String text = Files.readString(file);
                List<TestQuery> out = new ArrayList<>();
                Matcher m = Pattern
                        .compile("<query\\b([^>]*)>(.*?)</query>", Pattern.DOTALL).matcher(text);
                while (m.find()) {
                    Matcher a = Pattern
                            .compile("<adql\\b([^>]*)>(.*?)</adql>", Pattern.DOTALL).matcher(m.group(2));
                    if (!a.find()) continue;
                    String attrs = a.group(1), body = a.group(2);
                    Matcher cdata = Pattern
                            .compile("<!\\[CDATA\\[(.*?)]]>", Pattern.DOTALL).matcher(body);
                    String adql = cdata.find() ? cdata.group(1) : body.replace("&lt;", "<").replace("&gt;", ">")
                            .replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
                    String version = attribute(attrs, "version");
                    out.add(new TestQuery(file.getFileName().toString(), String.valueOf(attribute(m.group(1), "uuid")),
                            "", adql, "true".equals(attribute(attrs, "valid")),
                            AdqlVersion.parse(version == null ? "adql-2.1" : version), List.of()));
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String attribute(String attrs, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*(['\"])(.*?)\\1").matcher(attrs);
        return m.find() ? m.group(2) : null;
    }

    public static List<TestQuery> all() {
        List<TestQuery> out = new ArrayList<>();
        for (Path f : files()) out.addAll(read(f));
        return out;
    }
}
