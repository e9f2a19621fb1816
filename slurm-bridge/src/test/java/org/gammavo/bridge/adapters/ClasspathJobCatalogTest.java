package org.gammavo.bridge.adapters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge refuses to start when its templates and the job catalogue's descriptions disagree. */
class ClasspathJobCatalogTest {

    private static final String DESCRIPTION = "{\"id\":\"%s\",\"version\":\"1\",\"title\":\"t\",\"description\":\"d\","
            + "\"executor\":\"slurm\",\"parameters\":[]}";

    @Test
    void everyShippedTemplateHasItsDescriptionAndTheReverse() {
        ClasspathJobCatalog catalog = new ClasspathJobCatalog();
        Set<String> kinds = catalog.templateKinds();
        assertTrue(kinds.containsAll(Set.of("selftest", "spectrum", "skymap", "lightcurve", "cutout", "significance")),
                kinds.toString());
        for (String kind : kinds) {
            assertEquals(kind, catalog.description(kind).orElseThrow().id());
            assertTrue(catalog.template(kind).isPresent(), kind);
        }
    }

    @Test
    void anOperatorKindNeedsBothFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("extra.sh"), "#!/bin/bash\necho @ARGS@\n");
        var e = assertThrows(IllegalStateException.class, () -> new ClasspathJobCatalog(Optional.of(dir)));
        assertTrue(e.getMessage().contains("'extra' has a template but no job description"), e.getMessage());
        Files.writeString(dir.resolve("extra.json"), DESCRIPTION.formatted("extra"));
        assertEquals("extra", new ClasspathJobCatalog(Optional.of(dir)).description("extra").orElseThrow().id());
        Files.writeString(dir.resolve("orphan.json"), DESCRIPTION.formatted("orphan"));
        e = assertThrows(IllegalStateException.class, () -> new ClasspathJobCatalog(Optional.of(dir)));
        assertTrue(e.getMessage().contains("'orphan' has a job description but no template"), e.getMessage());
        Files.writeString(dir.resolve("orphan.json"), "{broken");
        e = assertThrows(IllegalStateException.class, () -> new ClasspathJobCatalog(Optional.of(dir)));
        assertTrue(e.getMessage().contains("orphan.json is invalid"), e.getMessage());
    }
}
