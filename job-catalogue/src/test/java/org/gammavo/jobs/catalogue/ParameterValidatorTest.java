package org.gammavo.jobs.catalogue;

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
        given.put("RA", "83.60");
        assertEquals(Map.of("ra", "83.60"), ParameterValidator.check(SPECTRUM, given, Set.of()));
        // Free text keeps its layout: multi-line ADQL with indentation and a trailing line break.
        assertEquals(Map.of("QUERY", "\n  SELECT 1\n\tFROM t\n", "custom", "x"),
                ParameterValidator.check(TAP, Map.of("query", "\n  SELECT 1\n\tFROM t\n", "custom", "x"), Set.of()));
    }

    /** What the analysis (Python float() via argparse) would refuse at run time is refused here, at creation. */
    @Test
    void typedValuesAreStrictlyDecimal() {
        for (String bad : List.of("83.6d", "0x1p6", "83.6\n", " 83.6", "83.6 ", "1e999", "NaN", "Infinity", "1_0",
                "8\u0000", "٣", "")) {
            var e = assertThrows(InvalidParameterException.class,
                    () -> ParameterValidator.check(SPECTRUM, Map.of("ra", bad), Set.of()), bad);
            assertEquals("ra", e.parameter());
            assertTrue(e.getMessage().contains("ra"), e.getMessage());
        }
        for (String good : List.of("83.6", "+83.6", "83.", ".5", "8.36e1", "8.36E+1", "0", "360")) {
            assertEquals(Map.of("ra", good), ParameterValidator.check(SPECTRUM, Map.of("ra", good), Set.of()));
        }
        JobDescription ints = new JobDescription("k", "1", "t", "d", "slurm", false, 1, 0, 0, Duration.ofDays(1),
                List.of(new ParameterDescription("n", ParameterType.INTEGER, false, "n", null, null, null, null, null,
                        null, null),
                        new ParameterDescription("ids", ParameterType.STRING, false, "ids", null, null, null, null,
                                null, null, "^[0-9]+(,[0-9]+)*$")), List.of());
        for (String bad : List.of("10 ", "1e3", "0x10", "١٠", "+", "99999999999999999999")) {
            assertThrows(InvalidParameterException.class,
                    () -> ParameterValidator.check(ints, Map.of("n", bad), Set.of()), bad);
        }
        assertEquals(Map.of("n", "-10"), ParameterValidator.check(ints, Map.of("n", "-10"), Set.of()));
        // Java's '$' matches before a final line break: a patterned string must not carry one through.
        assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(ints, Map.of("ids", "1,2\n"), Set.of()));
        assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(SPECTRUM, Map.of("model", "power-law\n"), Set.of()));
    }

    @Test
    void controlCharactersAreRefusedEverywhere() {
        var e = assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(TAP, Map.of("QUERY", "SELECT 1\u0000"), Set.of()));
        assertTrue(e.getMessage().contains("U+0000"), e.getMessage());
        assertThrows(InvalidParameterException.class,
                () -> ParameterValidator.check(TAP, Map.of("custom", "a\u0007b"), Set.of()));
        assertThrows(InvalidParameterException.class, () -> ParameterValidator.checkName("QUE\u0000RY"));
        assertThrows(InvalidParameterException.class, () -> ParameterValidator.checkToken("RUNID", "r\u0000"));
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

    /** One rule for patterns, the same in uws-service and the bridge: the whole value must match. */
    @Test
    void aPatternMustMatchTheWholeValue() {
        JobDescription d = new JobDescription("k", "1", "t", "d", "slurm", false, 1, 0, 0, Duration.ofDays(1),
                List.of(new ParameterDescription("ids", ParameterType.STRING, false, "ids", null, null, null, null,
                        null, null, "[0-9]+(,[0-9]+)*")), List.of());
        assertEquals(Map.of("ids", "1,2"), ParameterValidator.check(d, Map.of("ids", "1,2"), Set.of()));
        for (String bad : List.of("1,2;reboot", "x1", "1,")) {
            assertThrows(InvalidParameterException.class, () -> ParameterValidator.check(d, Map.of("ids", bad),
                    Set.of()), bad);
        }
    }

    @Test
    void problemsNamesEveryWrongParameter() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("ra", "361");
        given.put("model", "cubic");
        given.put("typo", "1");
        List<String> wrong = ParameterValidator.problems(SPECTRUM, given, Set.of()).stream()
                .map(InvalidParameterException::parameter).toList();
        assertEquals(List.of("ra", "model", "typo"), wrong);
        assertEquals(List.of(), ParameterValidator.problems(SPECTRUM, Map.of("ra", "1"), Set.of()));
    }
}
