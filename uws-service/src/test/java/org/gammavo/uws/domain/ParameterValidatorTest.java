package org.gammavo.uws.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterValidatorTest {

    static final JobDescription SPECTRUM = new JobDescription("spectrum", "1", "t", "d", "slurm", false, 120, 1800,
            7200, Duration.ofDays(7), List.of(
            new ParameterDescription("ra", ParameterType.DOUBLE, true, "RA", "deg", null, null, 0.0, 360.0, null, null),
            new ParameterDescription("model", ParameterType.ENUM, false, "m", null, null, "power-law", null, null,
                    List.of("power-law", "log-parabola"), null)), List.of());

    static final JobDescription TAP = new JobDescription("async", "1", "t", "d", "tap", true, 1, 0, 0,
            Duration.ofDays(7), List.of(
            new ParameterDescription("QUERY", ParameterType.STRING, true, "q", null, null, null, null, null, null, null)),
            List.of());

    @Test
    void respellsNamesAndKeepsValues() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("RA", " 83.6 ");
        assertEquals(Map.of("ra", " 83.6 "), ParameterValidator.check(SPECTRUM, given, Set.of()));
        assertEquals(Map.of("QUERY", "select 1", "custom", "x"),
                ParameterValidator.check(TAP, Map.of("query", "select 1", "custom", "x"), Set.of()));
    }

    @Test
    void refusesWithTheParameterName() {
        var e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(SPECTRUM, Map.of("ra", "361"), Set.of()));
        assertEquals("ra", e.parameter());
        assertTrue(e.getMessage().contains("deg"));
        e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(SPECTRUM, Map.of("dec", "1"), Set.of()));
        assertEquals("dec", e.parameter());
        e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(SPECTRUM, Map.of("ra", "NaN"), Set.of()));
        assertEquals("ra", e.parameter());
    }

    @Test
    void completesDefaultsAndRequiresBeforeRun() {
        assertEquals(Map.of("ra", "1", "model", "power-law"), ParameterValidator.completeForRun(SPECTRUM, Map.of("ra", "1")));
        var e = assertThrows(InvalidParameterException.class, () -> ParameterValidator.completeForRun(SPECTRUM, Map.of()));
        assertEquals("ra", e.parameter());
    }

    @Test
    void executionDurationIsCappedByTheDescription() {
        assertEquals(1800, SPECTRUM.executionDurationFor(null));
        assertEquals(7200, SPECTRUM.executionDurationFor(0L));
        assertEquals(7200, SPECTRUM.executionDurationFor(99999L));
        assertEquals(60, SPECTRUM.executionDurationFor(60L));
        assertEquals(0, TAP.executionDurationFor(null));
    }
}
