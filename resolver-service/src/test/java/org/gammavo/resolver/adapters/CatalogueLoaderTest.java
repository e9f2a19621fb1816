package org.gammavo.resolver.adapters;

import org.gammavo.resolver.domain.NameIndex;
import org.gammavo.resolver.domain.SkyObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CatalogueLoaderTest {

    static Path catalogs() {
        String shared = System.getenv("GAMMAVO_SHARED_DATA");
        Path p = Path.of(shared != null ? shared : "../../shared/data").resolve("catalogs");
        return Files.isDirectory(p) ? p : Path.of("/work/shared/data/catalogs");
    }

    @Test
    void everyCatalogueLoadsWithSanePositions() throws Exception {
        Path dir = catalogs();
        assumeTrue(Files.isDirectory(dir), "shared catalogues not present");
        int[] expected = {162, 78, 65, 90, 1556};
        for (Catalogue c : Catalogue.values()) {
            List<SkyObject> objects = CatalogueLoader.load(c, dir.resolve(c.file));
            assertEquals(expected[c.ordinal()], objects.size(), c.label);
        }
    }

    @Test
    void gammacatGivesTheCheckPositionsAndCommonNames() {
        Path dir = catalogs();
        assumeTrue(Files.isDirectory(dir), "shared catalogues not present");
        List<SkyObject> all = new ArrayList<>(CuratedNames.load());
        all.addAll(new CatalogueLoader(dir).loadAll());
        NameIndex index = NameIndex.of(all);
        assertTrue(index.size() > 3000, "names: " + index.size());
        SkyObject j1825 = index.lookup("HESS J1825-137").orElseThrow();
        assertEquals(276.5544, j1825.ra(), 1e-4);
        assertEquals(-13.5800, j1825.dec(), 1e-4);
        assertEquals(329.7169, index.lookup("PKS 2155-304").orElseThrow().ra(), 1e-3);
        // Names only the catalogues know
        assertEquals("3HWC", index.lookup("3HWC J0534+220").orElseThrow().catalogue());
        assertEquals("1LHAASO", index.lookup("1LHAASO J0534+2200u").orElseThrow().catalogue());
        assertEquals("3FHL", index.lookup("3FHL J2158.8-3013").orElseThrow().catalogue());
        assertEquals("curated (gammacat)", index.lookup("vela jr").orElseThrow().catalogue());
        assertEquals("Cygnus Loop", index.lookup("3FHL J2051.0+3040e").orElseThrow().names().get(1));
    }

    @Test
    void curatedNamesCiteACatalogueEntry() {
        List<SkyObject> curated = CuratedNames.load();
        assertTrue(curated.size() >= 25);
        for (SkyObject o : curated) {
            assertTrue(o.reference().startsWith("gammacat source_id ") || o.reference().startsWith("3FHL ")
                    || o.reference().startsWith("SIMBAD "), o.canonicalName());
        }
    }
}
