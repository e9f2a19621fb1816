package org.gammavo.bridge.domain;

import org.gammavo.bridge.adapters.ClasspathJobCatalog;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.ParameterDescription;
import org.gammavo.jobs.catalogue.ParameterType;
import org.gammavo.jobs.contract.JobCommand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge's second look at a job's parameters: the job catalogue's validator plus the command-line checks. */
class JobPreparerTest {

    /** The real spectrum description, from the job catalogue. */
    private static final JobDescription SPECTRUM = new ClasspathJobCatalog().description("spectrum").orElseThrow();

    @Test
    void acceptsValidParametersAndFillsDefaults() {
        Map<String, String> out = JobPreparer.validate(SPECTRUM,
                Map.of("obs_id", "23523,23526", "RA", "83.633", "dec", "22.0145", "unknown", "dropped"));
        assertEquals("23523,23526", out.get("obs_id"));
        assertEquals("83.633", out.get("ra"), "names are case-insensitive");
        assertEquals("power-law", out.get("model"));
        assertEquals("0.11", out.get("radius"));
        assertFalse(out.containsKey("unknown"));
    }

    @Test
    void namesEveryWrongParameter() {
        var e = assertThrows(InvalidParametersException.class, () -> JobPreparer.validate(
                SPECTRUM, Map.of("obs_id", "1;reboot", "ra", "361", "dec", "x", "model", "cubic")));
        assertTrue(e.getMessage().contains("obs_id '1;reboot' does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("ra = 361.0 is outside [0.0, 360.0] deg"), e.getMessage());
        assertTrue(e.getMessage().contains("dec must be a number"), e.getMessage());
        assertTrue(e.getMessage().contains("model must be one of [power-law, log-parabola]"), e.getMessage());
    }

    @Test
    void refusesControlCharactersAndRequiresRequired() {
        JobDescription d = new JobDescription("t", "1", "t", "d", "slurm", false, 1, 0, 0, Duration.ofDays(1), List.of(
                new ParameterDescription("name", ParameterType.STRING, true, "n", null, null, null, null, null, null,
                        null),
                new ParameterDescription("n", ParameterType.INTEGER, false, "n", null, null, null, 1.0, 5.0, null, null),
                new ParameterDescription("flag", ParameterType.BOOLEAN, false, "f", null, null, null, null, null, null,
                        null)), List.of());
        assertTrue(assertThrows(InvalidParametersException.class, () -> JobPreparer.validate(d, Map.of()))
                .getMessage().contains("missing required parameter name"));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("name", "a\u0007b");
        bad.put("n", "2.5");
        bad.put("flag", "maybe");
        String msg = assertThrows(InvalidParametersException.class, () -> JobPreparer.validate(d, bad)).getMessage();
        assertTrue(msg.contains("control character") && msg.contains("decimal integer") && msg.contains("true or false"),
                msg);
        // Free text may hold a line break for uws-service (ADQL), never on a batch script's command line.
        assertTrue(assertThrows(InvalidParametersException.class, () -> JobPreparer.validate(d,
                Map.of("name", "a\nb"))).getMessage().contains("name: contains control characters"));
        assertTrue(assertThrows(InvalidParametersException.class, () -> JobPreparer.validate(d,
                Map.of("name", "x".repeat(2001)))).getMessage().contains("longer than 2000"));
    }

    @Test
    void aKindWithoutDescriptionIsRefusedNotRunWithoutParameters() {
        JobCatalog templateOnly = new JobCatalog() {
            @Override
            public Optional<JobDescription> description(String jobList) {
                return Optional.empty();
            }

            @Override
            public Optional<String> template(String jobList) {
                return Optional.of("#!/bin/bash\necho @ARGS@\n");
            }
        };
        JobCommand.RunJob run = new JobCommand.RunJob("c", "j", "nodesc", "slurm", Instant.now(), "alice", null,
                "nodesc@1", Map.of("ra", "1"), 60);
        var e = assertThrows(InvalidParametersException.class,
                () -> new JobPreparer(templateOnly, n -> new double[]{1, 2}).script(run));
        assertTrue(e.getMessage().contains("no job description of kind 'nodesc'"), e.getMessage());
    }

    @Test
    void theScriptCarriesTheDescriptionForTheAnalysisCode() {
        JobCommand.RunJob run = new JobCommand.RunJob("c", "j", "significance", "slurm", Instant.now(), "alice", null,
                "significance@1", Map.of("ra", "83.63", "dec", "22.01"), 60);
        String script = new JobPreparer(new ClasspathJobCatalog(), n -> new double[]{1, 2}).script(run);
        assertTrue(script.contains("export GAMMAVO_JOB_DESCRIPTION='{\"id\":\"significance\""), script);
        assertTrue(script.contains("--correlation_radius '0.1'"), script);
    }
}
