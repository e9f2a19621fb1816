package org.gammavo.resolver.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable index from names to objects: exact look-up on normalized keys, prefix search for type-ahead and
 * fuzzy suggestions for near misses.
 *
 * <p>Built once from the catalogues (and rebuilt, off the request path, when an operator alias changes). When two
 * sources give the same key, the first one added wins: sources are added in order of trust (curated list, gammacat,
 * HGPS, 3HWC, 1LHAASO, 3FHL), so "HESS J1825-137" answers with gammacat's position, not HGPS's.
 *
 * <p>Fuzzy matching scans only a bounded candidate set: keys sharing the most trigrams with the query, then ranks
 * them by edit distance. With a few thousand keys that is a few microseconds per query.
 */
public final class NameIndex {

    private static final int MAX_CANDIDATES = 64;

    private final Map<String, Entry> byKey;
    private final String[] sortedKeys;
    private final Map<String, int[]> keysByTrigram;
    private final Entry[] entries;

    private record Entry(String key, String name, SkyObject object) {
    }

    private NameIndex(Map<String, Entry> byKey) {
        this.byKey = byKey;
        this.entries = byKey.values().toArray(new Entry[0]);
        this.sortedKeys = byKey.keySet().toArray(new String[0]);
        Arrays.sort(sortedKeys);
        Map<String, List<Integer>> grams = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            for (String g : trigrams(entries[i].key())) {
                grams.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
            }
        }
        Map<String, int[]> compact = new HashMap<>(grams.size() * 2);
        grams.forEach((g, ids) -> compact.put(g, ids.stream().mapToInt(Integer::intValue).distinct().toArray()));
        this.keysByTrigram = compact;
    }

    /** Builds an index from objects in order of trust: earlier objects keep the names they share with later ones. */
    public static NameIndex of(Collection<SkyObject> objects) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        for (SkyObject o : objects) {
            for (String name : o.names()) {
                String key = NameNormalizer.key(name);
                if (!key.isEmpty()) {
                    byKey.putIfAbsent(key, new Entry(key, name, o));
                }
            }
        }
        return new NameIndex(byKey);
    }

    /** The object named {@code name}, matching case-, space- and prefix-spelling-insensitively. */
    public Optional<SkyObject> lookup(String name) {
        Entry e = byKey.get(NameNormalizer.key(name));
        return e == null ? Optional.empty() : Optional.of(e.object());
    }

    /** Number of distinct name keys. */
    public int size() {
        return byKey.size();
    }

    /** Number of distinct objects. */
    public long objectCount() {
        return Arrays.stream(entries).map(Entry::object).distinct().count();
    }

    /**
     * Names starting like {@code prefix} (normalized), then near misses, best first, one per object.
     *
     * @param prefix what the user has typed so far
     * @param limit  the most suggestions to return
     */
    public List<Suggestion> suggest(String prefix, int limit) {
        String key = NameNormalizer.key(prefix);
        Map<SkyObject, Suggestion> out = new LinkedHashMap<>();
        if (key.isEmpty() || limit <= 0) {
            return List.of();
        }
        int from = Arrays.binarySearch(sortedKeys, key);
        for (int i = from >= 0 ? from : -from - 1; i < sortedKeys.length && out.size() < limit; i++) {
            if (!sortedKeys[i].startsWith(key)) {
                break;
            }
            Entry e = byKey.get(sortedKeys[i]);
            out.putIfAbsent(e.object(), new Suggestion(e.name(), e.object(), (double) key.length() / e.key().length()));
        }
        if (out.size() < limit) {
            for (Suggestion s : nearMisses(key, limit)) {
                if (out.size() >= limit) {
                    break;
                }
                out.putIfAbsent(s.object(), s);
            }
        }
        return List.copyOf(out.values());
    }

    /** Names close to {@code name} by spelling, best first, one per object, for "did you mean". */
    public List<Suggestion> nearMisses(String name, int limit) {
        String key = NameNormalizer.key(name);
        if (key.isEmpty()) {
            return List.of();
        }
        // Count shared trigrams in a flat array and rank (count, id) pairs packed in longs: no boxing on this path.
        int[] shared = new int[entries.length];
        int[] touched = new int[entries.length];
        int nTouched = 0;
        List<String> grams = trigrams(key);
        // Trigrams in an eighth of all keys or more ("3FH", "HES") only say which catalogue: they cannot tell
        // candidates apart, and they are most of the work.
        int common = Math.max(64, entries.length / 8);
        for (String g : grams) {
            int[] ids = keysByTrigram.get(g);
            if (ids != null && (ids.length < common || grams.size() < 4)) {
                for (int id : ids) {
                    if (shared[id]++ == 0) {
                        touched[nTouched++] = id;
                    }
                }
            }
        }
        long[] byCount = new long[nTouched];
        for (int i = 0; i < nTouched; i++) {
            byCount[i] = ((long) shared[touched[i]] << 32) | touched[i];
        }
        Arrays.sort(byCount);
        List<Suggestion> ranked = new ArrayList<>();
        for (int i = nTouched - 1; i >= Math.max(0, nTouched - MAX_CANDIDATES); i--) {
            Entry e = entries[(int) byCount[i]];
            int longest = Math.max(key.length(), e.key().length());
            if (Math.abs(key.length() - e.key().length()) > 0.4 * longest) {
                continue;    // too different in length to be a typo
            }
            int distance = EditDistance.between(key, e.key());
            double score = 1.0 - (double) distance / longest;
            // Beyond ~40 % of the characters changed it is another name, not a typo.
            if (score >= 0.6) {
                ranked.add(new Suggestion(e.name(), e.object(), score));
            }
        }
        ranked.sort(Comparator.comparingDouble(Suggestion::score).reversed().thenComparing(Suggestion::name));
        Map<SkyObject, Suggestion> one = new LinkedHashMap<>();
        for (Suggestion s : ranked) {
            if (one.size() >= limit) {
                break;
            }
            one.putIfAbsent(s.object(), s);
        }
        return List.copyOf(one.values());
    }

    private static List<String> trigrams(String key) {
        String padded = "^" + key + "$";
        List<String> grams = new ArrayList<>(padded.length());
        for (int i = 0; i + 3 <= padded.length(); i++) {
            grams.add(padded.substring(i, i + 3));
        }
        return grams;
    }
}
