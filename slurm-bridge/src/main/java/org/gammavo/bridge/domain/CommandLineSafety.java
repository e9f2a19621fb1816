package org.gammavo.bridge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bridge's own checks on top of the job catalogue's validator, because these values become words of a batch
 * script's command line ({@code --name 'value'}): uws-service has validated them already, but the bridge does not
 * trust the topic (defence in depth). Names must be plain identifiers, values short and free of any control
 * character (line breaks included, which free text may otherwise hold).
 */
public final class CommandLineSafety {

    /** Longest value accepted; no parameter of an analysis needs more. */
    static final int MAX_LENGTH = 2000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private CommandLineSafety() {
    }

    /** @return one line per unsafe parameter ({@code "name: why"}); empty when all may go on a command line */
    public static List<String> problems(Map<String, String> parameters) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String v = e.getValue();
            if (!NAME.matcher(e.getKey()).matches()) {
                out.add("the job description names an unusable parameter '" + e.getKey() + "'");
            } else if (v.length() > MAX_LENGTH) {
                out.add(e.getKey() + ": longer than " + MAX_LENGTH + " characters");
            } else if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                out.add(e.getKey() + ": contains control characters");
            }
        }
        return out;
    }
}
