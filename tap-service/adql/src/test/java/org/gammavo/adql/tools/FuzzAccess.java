package org.gammavo.adql.tools;

/** Test access to the fuzzer. */
public final class FuzzAccess {
    private FuzzAccess() { }

    public static long run(long n, long seed) { return Fuzzer.run(n, seed, false); }
}
