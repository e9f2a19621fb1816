package org.gammavo.bridge.adapters;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a definite refusal of a submission (the job can never run as asked) from an unknown outcome (the cluster
 * is restarting, a node is down, the answer was lost: the job may exist, or may be accepted later).
 *
 * <p>Unknown is the default: a refusal must name the request itself — SLURM's {@code Invalid ...} errors and the
 * few codes below (slurm_errno.h of SLURM 22.05). "Required node not available", "Unable to contact slurm
 * controller", "Requested partition configuration not available now" and anything unrecognised are not refusals.
 */
final class SlurmRefusals {

    /** ESLURM codes that say the request itself cannot run on this cluster. */
    private static final Set<Integer> CODES = Set.of(
            2000, // Invalid partition name specified
            2001, // No partition specified or system default partition
            2002, // Access/permission denied
            2004, // Requested nodes not in this partition
            2005, // More processors requested than permitted
            2006, // Node count specification invalid
            2008, // Job size specification needs to be provided
            2009, // Job script not specified
            2010, // User id missing
            2012, // Pathname of a file, directory or other parameter too long
            2014  // Requested node configuration is not available
    );
    private static final List<String> TEXTS = List.of("invalid", "access/permission denied",
            "job script not specified", "batch script is empty", "requested node configuration is not available",
            "more processors requested than permitted", "too long", "failure during parsing");

    private SlurmRefusals() {
    }

    static boolean isRefusal(int code, String text) {
        if (CODES.contains(code)) {
            return true;
        }
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (t.contains("unable to contact slurm controller") || t.contains("not available now")
                || t.contains("required node not available")) {
            return false;
        }
        return TEXTS.stream().anyMatch(t::contains);
    }
}
