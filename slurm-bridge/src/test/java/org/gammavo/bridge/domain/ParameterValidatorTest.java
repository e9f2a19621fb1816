package org.gammavo.bridge.domain;

import org.gammavo.bridge.adapters.ClasspathJobCatalog;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterValidatorTest {

    /** The real spectrum description, as uws-service ships it. */
    private static final JobDescription SPECTRUM = new ClasspathJobCatalog().description("spectrum").orElseThrow();

    @Test
    void acceptsValidParametersAndFillsDefaults() {
        Map<String, String> out = ParameterValidator.validate(SPECTRUM,
                Map.of("obs_id", "23523,23526", "RA", "83.633", "dec", "22.0145", "unknown", "dropped"));
        assertEquals("23523,23526", out.get("obs_id"));
        assertEquals("83.633", out.get("ra"), "names are case-insensitive");
        assertEquals("power-law", out.get("model"));
        assertEquals("0.11", out.get("radius"));
        assertFalse(out.containsKey("unknown"));
    }

    @Test
    void namesEveryWrongParameter() {
        var e = assertThrows(ParameterValidator.InvalidParametersException.class, () -> ParameterValidator.validate(
                SPECTRUM, Map.of("obs_id", "1;reboot", "ra", "361", "dec", "x", "model", "cubic")));
        assertTrue(e.getMessage().contains("obs_id: '1;reboot' does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("ra: 361 is above the maximum 360.0"), e.getMessage());
        assertTrue(e.getMessage().contains("dec: 'x' is not a number"), e.getMessage());
        assertTrue(e.getMessage().contains("model: 'cubic' is not one of [power-law, log-parabola]"), e.getMessage());
    }

    @Test
    void refusesControlCharactersAndRequiresRequired() {
        JobDescription d = new JobDescription("t", List.of(
                new JobDescription.Parameter("name", "string", true, null, null, null, null, null),
                new JobDescription.Parameter("n", "integer", false, null, 1.0, 5.0, null, null),
                new JobDescription.Parameter("flag", "boolean", false, null, null, null, null, null)));
        assertTrue(assertThrows(ParameterValidator.InvalidParametersException.class,
                () -> ParameterValidator.validate(d, Map.of())).getMessage().contains("name: required"));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("name", "a\nb");
        bad.put("n", "2.5");
        bad.put("flag", "maybe");
        String msg = assertThrows(ParameterValidator.InvalidParametersException.class,
                () -> ParameterValidator.validate(d, bad)).getMessage();
        assertTrue(msg.contains("control characters") && msg.contains("not an integer") && msg.contains("true or false"),
                msg);
    }

    @Test
    void everyShippedDescriptionParses() {
        for (String kind : List.of("spectrum", "skymap", "lightcurve", "cutout")) {
            JobDescription d = new ClasspathJobCatalog().description(kind).orElseThrow();
            assertEquals(kind, d.id());
            assertTrue(d.parameters().stream().anyMatch(p -> p.name().equals("obs_id")));
            assertTrue(new ClasspathJobCatalog().template(kind).isPresent());
        }
    }
}
