package org.gammavo.adql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.gammavo.adql.meta.UserFunction;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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

    public static List<Path> files() {
        try (Stream<Path> s = Files.list(dataDir().resolve("ivoa"))) {
            List<Path> l = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
            if (l.isEmpty()) throw new IllegalStateException("no query files in " + dataDir());
            return l;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<TestQuery> read(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            Document doc = f.newDocumentBuilder().parse(file.toFile());
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

    public static List<TestQuery> all() {
        List<TestQuery> out = new ArrayList<>();
        for (Path f : files()) out.addAll(read(f));
        return out;
    }
}
