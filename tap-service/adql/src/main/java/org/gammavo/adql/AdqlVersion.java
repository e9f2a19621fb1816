package org.gammavo.adql;

/** The ADQL language version a query is parsed as. */
public enum AdqlVersion {
    V2_0("2.0"), V2_1("2.1");

    private final String label;

    AdqlVersion(String label) { this.label = label; }

    public String label() { return label; }

    /**
     * Parses "2.0", "2.1", "ADQL-2.1", "adql-2.0" (case-insensitive); null or blank gives 2.1.
     * @throws IllegalArgumentException for anything else
     */
    public static AdqlVersion parse(String s) {
        if (s == null || s.isBlank()) return V2_1;
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("adql-")) v = v.substring(5);
        return switch (v) {
            case "2.0" -> V2_0;
            case "2.1" -> V2_1;
            default -> throw new IllegalArgumentException("unsupported ADQL version '" + s + "' (expected 2.0 or 2.1)");
        };
    }
}
