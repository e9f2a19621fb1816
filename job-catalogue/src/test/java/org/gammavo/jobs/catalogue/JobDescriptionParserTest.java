package org.gammavo.jobs.catalogue;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The description file format: the shipped files parse, inconsistent ones are refused with a clear reason. */
class JobDescriptionParserTest {

    static String shipped(String id) throws Exception {
        try (InputStream in = JobDescriptionParserTest.class.getResourceAsStream("/job-descriptions/" + id + ".json")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ownShippedDescriptionsParse() throws Exception {
        JobDescription selftest = JobDescriptionParser.parse(shipped("selftest"), "selftest");
        assertEquals("selftest@1", selftest.descriptionId());
        assertEquals("slurm", selftest.executor());
        assertEquals(Duration.ofDays(1), selftest.defaultDestruction());
        JobDescription async = JobDescriptionParser.parse(shipped("async"), "async");
        assertTrue(async.anonymous());
        assertEquals("tap", async.executor());
        assertEquals(ParameterType.INTEGER, async.parameter("maxrec").orElseThrow().type());
        assertEquals("QUERY", async.parameter("Query").orElseThrow().name());
    }

    @Test
    void refusesInconsistentDescriptions() {
        String base = "{\"id\":\"x\",\"version\":\"1\",\"title\":\"t\",\"description\":\"d\",\"executor\":\"slurm\",";
        assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse("not json", "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> JobDescriptionParser.parse(base + "\"parameters\":[]}", "y"));
        assertTrue(e.getMessage().contains("file name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(
                base.replace("slurm", "cron") + "\"parameters\":[]}", "x"));
        assertTrue(e.getMessage().contains("executor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(base
                + "\"parameters\":[{\"name\":\"a\",\"type\":\"float\",\"description\":\"d\"}]}", "x"));
        assertTrue(e.getMessage().contains("float"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(base
                + "\"parameters\":[{\"name\":\"a\",\"type\":\"integer\",\"default\":\"x\",\"description\":\"d\"}]}", "x"));
        assertTrue(e.getMessage().contains("default"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(base
                + "\"parameters\":[{\"name\":\"a\",\"type\":\"string\",\"description\":\"d\"},"
                + "{\"name\":\"A\",\"type\":\"string\",\"description\":\"d\"}]}", "x"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JobDescriptionParser.parse(base
                + "\"defaultDestruction\":\"7 days\"}", "x"));
        assertTrue(e.getMessage().contains("defaultDestruction"), e.getMessage());
    }
}
