package org.gammavo.bridge.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/** The bridge driving the real cluster through sbatch/scontrol/scancel (SLURM_CONF from the environment). */
public class SlurmCliProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("gammavo.slurm.mode", "cli");
        c.put("gammavo.slurm.user", System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_USER", "gammavo"));
        c.put("gammavo.slurm.poll-interval", "500ms");
        c.put("gammavo.results-dir", TestDirs.resultsDir("cli").toString());
        return c;
    }
}
