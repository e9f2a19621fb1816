package org.gammavo.bridge.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchScriptRendererTest {

    @Test
    void rendersTemplateWithQuotedArguments() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("target", "Crab Nebula");
        p.put("ra", "83.6");
        String script = BatchScriptRenderer.render("spectrum", "job-1",
                "#!/bin/bash\nexec python3 a.py spectrum @ARGS@\n", p);
        assertTrue(script.startsWith("#!/bin/bash\n# UWS job job-1 (spectrum)"));
        assertTrue(script.contains("set -euo pipefail\ncd \"$GAMMAVO_JOB_DIR\"\n"));
        assertTrue(script.endsWith("exec python3 a.py spectrum --target 'Crab Nebula' --ra '83.6'\n"), script);
    }

    /** The shell itself says the quoted word is the value, byte for byte, whatever it holds. */
    @Test
    void quotingSurvivesTheShell() throws Exception {
        String nasty = "it's $(touch /tmp/pwned) `id` \"; rm -rf / ; echo '";
        Process p = new ProcessBuilder("/bin/bash", "-c", "printf %s " + BatchScriptRenderer.quote(nasty)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(nasty, out);
    }
}
