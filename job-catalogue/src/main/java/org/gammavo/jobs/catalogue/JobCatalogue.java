package org.gammavo.jobs.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Loads the job descriptions in force: the shipped ones, then an operator's directory of {@code <id>.json} files
 * that adds kinds or replaces shipped ones (re-read by uws-service every minute, no restart).
 *
 * <p>The shipped kinds are the ones named by {@value #INDEX}, which the build generates from the description files
 * (class-path directories cannot be listed inside a jar). Every index on the class path counts, so a test class path
 * can add kinds of its own next to the shipped ones.
 *
 * <p>A file that does not parse is reported to {@code problems} (source, reason) and left out, and a previous
 * version of it, if given, stays: one bad operator file must not take every job list down.
 */
public final class JobCatalogue {

    /** The generated list of shipped kinds, one id a line. */
    public static final String INDEX = "job-descriptions/index";

    private JobCatalogue() {
    }

    /** The shipped kinds, in index order (every index on the class path of {@code loader}). */
    public static Set<String> shippedKinds(ClassLoader loader) {
        Set<String> kinds = new LinkedHashSet<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            for (URL url : Collections.list(indexes)) {
                try (InputStream in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(kinds::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
        return kinds;
    }

    /** The shipped descriptions; a shipped file that does not parse is a build error, so this throws. */
    public static Map<String, JobDescription> shipped(ClassLoader loader) {
        return load(loader, Optional.empty(), Map.of(), (source, reason) -> {
            throw new IllegalStateException("shipped job description " + source + " is invalid: " + reason);
        });
    }

    /**
     * @param operatorDir a directory of {@code <id>.json} files that add or replace kinds, if any
     * @param previous    the descriptions in force until now: kept for a file that has become invalid
     * @param problems    told (source, reason) of every file left out
     * @return the descriptions by id, sorted by id
     */
    public static Map<String, JobDescription> load(ClassLoader loader, Optional<Path> operatorDir,
                                                   Map<String, JobDescription> previous,
                                                   BiConsumer<String, String> problems) {
        Map<String, JobDescription> out = new TreeMap<>();
        for (String id : shippedKinds(loader)) {
            String source = "job-descriptions/" + id + ".json";
            try (InputStream in = loader.getResourceAsStream(source)) {
                if (in == null) {
                    problems.accept(source, "listed in " + INDEX + " but not on the class path");
                    continue;
                }
                add(out, id, new String(in.readAllBytes(), StandardCharsets.UTF_8), source, previous, problems);
            } catch (IOException e) {
                problems.accept(source, e.getMessage());
            }
        }
        operatorDir.filter(Files::isDirectory).ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(f -> {
                    String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                    try {
                        add(out, id, Files.readString(f), f.toString(), previous, problems);
                    } catch (IOException e) {
                        problems.accept(f.toString(), "cannot read: " + e.getMessage());
                    }
                });
            } catch (IOException e) {
                problems.accept(dir.toString(), "cannot list: " + e.getMessage());
            }
        });
        return out;
    }

    private static void add(Map<String, JobDescription> into, String id, String json, String source,
                            Map<String, JobDescription> previous, BiConsumer<String, String> problems) {
        try {
            into.put(id, JobDescriptionParser.parse(json, id));
        } catch (IllegalArgumentException e) {
            problems.accept(source, e.getMessage());
            JobDescription before = previous.get(id);
            if (before != null) {
                into.put(id, before);
            }
        }
    }
}
