package org.gammavo.bridge.adapters;

import org.gammavo.bridge.domain.JobCatalog;
import org.gammavo.jobs.catalogue.JobCatalogue;
import org.gammavo.jobs.catalogue.JobDescription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job kinds the bridge runs: the job catalogue's descriptions (the same ones uws-service validates against) and
 * the batch-script templates {@code jobs/<kind>.sh} shipped in the bridge ({@value #TEMPLATE_INDEX}, generated at
 * build, lists them). An operator's directory adds kinds or replaces shipped ones without a rebuild: a template
 * {@code <kind>.sh} and its description {@code <kind>.json} side by side.
 *
 * <p>Both halves must agree, or the bridge does not start: a template without a description would run with
 * unchecked parameters, a description of a SLURM kind without a template would accept jobs that can only fail.
 */
public class ClasspathJobCatalog implements JobCatalog {

    /** The generated list of shipped templates, one kind a line. */
    static final String TEMPLATE_INDEX = "jobs/index";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final Optional<Path> operatorDir;
    private final Map<String, JobDescription> descriptions;

    /** Only the shipped kinds. */
    public ClasspathJobCatalog() {
        this(Optional.empty());
    }

    /**
     * @param operatorDir an operator's directory of extra kinds ({@code <kind>.sh} with {@code <kind>.json}), if any
     * @throws IllegalStateException if a description does not parse, or a kind has a template but no description
     *                               or (run by SLURM) a description but no template
     */
    public ClasspathJobCatalog(Optional<Path> operatorDir) {
        this.operatorDir = operatorDir;
        List<String> problems = new ArrayList<>();
        this.descriptions = JobCatalogue.load(loader(), operatorDir, Map.of(),
                (source, reason) -> problems.add(source + " is invalid: " + reason));
        Set<String> templates = templateKinds();
        for (String kind : templates) {
            if (!descriptions.containsKey(kind)) {
                problems.add("kind '" + kind + "' has a template but no job description");
            }
        }
        descriptions.values().stream().filter(d -> "slurm".equals(d.executor()))
                .filter(d -> template(d.id()).isEmpty())
                .forEach(d -> problems.add("kind '" + d.id() + "' has a job description but no template"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the job catalogue and the bridge's templates disagree: "
                    + String.join("; ", problems));
        }
    }

    @Override
    public Optional<JobDescription> description(String jobList) {
        return Optional.ofNullable(descriptions.get(jobList));
    }

    @Override
    public Optional<String> template(String jobList) {
        if (!KIND.matcher(jobList).matches()) {
            return Optional.empty();
        }
        if (operatorDir.isPresent()) {
            Path file = operatorDir.get().resolve(jobList + ".sh");
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the template " + file, e);
                }
            }
        }
        try (InputStream in = loader().getResourceAsStream("jobs/" + jobList + ".sh")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kinds with a template: every {@value #TEMPLATE_INDEX} on the class path, and the operator's files. */
    Set<String> templateKinds() {
        Set<String> kinds = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader().getResources(TEMPLATE_INDEX))) {
                try (InputStream in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty()).forEach(kinds::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE_INDEX, e);
        }
        operatorDir.filter(Files::isDirectory).ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sh"))
                        .forEach(n -> kinds.add(n.substring(0, n.length() - 3)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        });
        return kinds;
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ClasspathJobCatalog.class.getClassLoader();
    }
}
