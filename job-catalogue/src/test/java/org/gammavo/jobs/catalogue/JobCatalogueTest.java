package org.gammavo.jobs.catalogue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped catalogue: the generated index, the shared fragment, and the rules every service now shares. */
class JobCatalogueTest {

    private static final ClassLoader CL = JobCatalogueTest.class.getClassLoader();

    @Test
    void generatedIndexNamesExactlyTheDescriptionFiles() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/job-descriptions"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(JobCatalogue.shippedKinds(CL)));
        assertTrue(files.containsAll(Set.of("selftest", "async", "spectrum", "skymap", "lightcurve", "cutout",
                "significance")), files.toString());
    }

    @Test
    void everyShippedDescriptionParsesAndAnalysesShareTheCommonParameters() {
        Map<String, JobDescription> all = JobCatalogue.shipped(CL);
        assertEquals(JobCatalogue.shippedKinds(CL), all.keySet());
        List<String> common = List.of("obs_id", "obs_publisher_did", "collection", "ra", "dec", "target", "radius",
                "energy_min", "energy_max", "time_min", "time_max");
        for (String kind : List.of("spectrum", "skymap", "lightcurve", "cutout", "significance")) {
            List<String> names = all.get(kind).parameters().stream().map(ParameterDescription::name).toList();
            assertEquals(common, names.subList(0, common.size()), kind + ": the fragment's parameters come first");
        }
        // A kind changes single fields of a common parameter and keeps the rest.
        ParameterDescription radius = all.get("skymap").parameter("radius").orElseThrow();
        assertEquals("1.5", radius.defaultValue());
        assertEquals("deg", radius.unit());
        assertEquals(5.0, radius.max());
        assertEquals("0.11", all.get("spectrum").parameter("radius").orElseThrow().defaultValue());
        assertEquals(null, all.get("cutout").parameter("radius").orElseThrow().defaultValue());
    }

    @Test
    void includeMergesOverridesAndRefusesWhatItCannotFind() {
        String fragment = "{\"parameters\":[{\"name\":\"a\",\"type\":\"double\",\"min\":0,\"description\":\"A\"},"
                + "{\"name\":\"b\",\"type\":\"string\",\"description\":\"B\"}]}";
        String head = "{\"id\":\"k\",\"version\":\"1\",\"title\":\"t\",\"description\":\"d\",\"executor\":\"slurm\",";
        JobDescription d = JobDescriptionParser.parse(head + "\"include\":[\"f\"],\"parameters\":["
                + "{\"name\":\"c\",\"type\":\"integer\",\"description\":\"C\"},{\"name\":\"A\",\"default\":\"2\"}]}",
                "k", n -> n.equals("f") ? Optional.of(fragment) : Optional.empty());
        assertEquals(List.of("a", "b", "c"), d.parameters().stream().map(ParameterDescription::name).toList());
        assertEquals("2", d.parameters().get(0).defaultValue());
        assertEquals(0.0, d.parameters().get(0).min());
        var e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(head
                + "\"include\":[\"nope\"]}", "k", n -> Optional.empty()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(head
                + "\"include\":\"f\"}", "k", n -> Optional.of(fragment)));
        assertTrue(e.getMessage().contains("include"), e.getMessage());
    }

    @Test
    void theJsonFormReadsBackToTheSameDescription() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (JobDescription d : JobCatalogue.shipped(CL).values()) {
            String json = mapper.writeValueAsString(JobDescriptionJson.of(d, Map.of()));
            assertEquals(d, JobDescriptionParser.parse(json, d.id(), n -> Optional.empty()), d.id());
        }
    }

    @Test
    void anOperatorFileAddsOrReplacesAndABadOneKeepsThePreviousVersion(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String head = "{\"id\":\"%s\",\"version\":\"%s\",\"title\":\"t\",\"description\":\"d\",\"executor\":\"slurm\"}";
        Files.writeString(dir.resolve("extra.json"), head.formatted("extra", "1"));
        Files.writeString(dir.resolve("selftest.json"), head.formatted("selftest", "9"));
        List<String> problems = new ArrayList<>();
        Map<String, JobDescription> first = JobCatalogue.load(CL, Optional.of(dir), Map.of(),
                (s, r) -> problems.add(s + ": " + r));
        assertEquals(List.of(), problems);
        assertEquals("9", first.get("selftest").version());
        assertTrue(first.containsKey("extra") && first.containsKey("spectrum"));
        Files.writeString(dir.resolve("extra.json"), "{broken");
        Map<String, JobDescription> second = JobCatalogue.load(CL, Optional.of(dir), first,
                (s, r) -> problems.add(s + ": " + r));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(first.get("extra"), second.get("extra"));
    }
}
