package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.SkyObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The curated names shipped in the service ({@code names/curated-names.tsv}): the well-known sources under the names
 * people type, each with the catalogue entry its position was copied from.
 */
public final class CuratedNames {

    static final String RESOURCE = "names/curated-names.tsv";

    private CuratedNames() {
    }

    /** Reads the curated list from the class path. */
    public static List<SkyObject> load() {
        try (InputStream in = CuratedNames.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SkyObject> parse(BufferedReader reader) throws IOException {
        List<SkyObject> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalStateException(RESOURCE + " line " + n + ": 7 tab-separated columns expected");
            }
            List<String> names = new ArrayList<>();
            names.add(f[0].strip());
            Arrays.stream(f[1].split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(names::add);
            String source = f[6].strip();
            out.add(new SkyObject(f[0].strip(), Double.parseDouble(f[2]), Double.parseDouble(f[3]), names,
                    "curated (" + source.split(" ")[0] + ")", source, f[4].isBlank() ? null : f[4].strip(),
                    f[5].isBlank() ? null : Double.parseDouble(f[5])));
        }
        return out;
    }
}
