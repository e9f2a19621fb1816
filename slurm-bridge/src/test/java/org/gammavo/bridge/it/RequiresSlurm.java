package org.gammavo.bridge.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the real cluster is configured ({@code eval "$(cluster/local-slurm.sh env)"} sets
 * {@code GAMMAVO_TEST_SLURM_URL} and {@code SLURM_CONF}); otherwise skips it and prints why, on the console.
 */
public class RequiresSlurm implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = blank("GAMMAVO_TEST_SLURM_URL") ? "GAMMAVO_TEST_SLURM_URL"
                : blank("SLURM_CONF") ? "SLURM_CONF" : null;
        if (missing == null) {
            return ConditionEvaluationResult.enabled("SLURM cluster configured");
        }
        String reason = "SKIPPED " + context.getDisplayName() + ": no SLURM cluster (" + missing + " unset); run "
                + "'bash slurm-bridge/cluster/local-slurm.sh start && eval \"$(bash slurm-bridge/cluster/local-slurm.sh env)\"'";
        if (context.getTestMethod().isEmpty()) {
            System.out.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean blank(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank();
    }
}
