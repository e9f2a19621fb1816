package org.gammavo.bridge.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/** The bridge against the real cluster named by the test environment (see cluster/local-slurm.sh env). */
public class SlurmRestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("gammavo.slurm.mode", "rest");
        c.put("gammavo.slurm.url", System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_URL", ""));
        c.put("gammavo.slurm.user", System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_USER", "gammavo"));
        c.put("gammavo.slurm.token", System.getenv().getOrDefault("GAMMAVO_TEST_SLURM_TOKEN", ""));
        c.put("gammavo.slurm.poll-interval", "500ms");
        c.put("gammavo.results-dir", TestDirs.resultsDir("rest").toString());
        c.put("gammavo.data.shared", TestDirs.sharedData());
        return c;
    }
}
