package org.gammavo.bridge.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gammavo.bridge.domain.JobStore;
import org.gammavo.bridge.domain.SlurmStateMapper;
import org.gammavo.jobs.contract.ExecutionPhase;
import org.gammavo.jobs.contract.JobCommand;
import org.gammavo.jobs.contract.JobContractCodec;
import org.gammavo.jobs.contract.JobEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link JobStore} on the shared results filesystem: {@code <results-dir>/<jobId>/} holds the job's results, and
 * {@code .job/} inside it the bridge's records, the batch script, the logs and the analysis code the job runs.
 *
 * <p>Jobs run as the cluster's job user, not as the bridge: when the bridge runs as root (local cluster, CI) it
 * gives the directory to that user; otherwise (Kubernetes, non-root on a shared RWX volume) it makes the directory
 * group-writable and relies on the job user sharing the volume's group.
 */
public class FileJobStore implements JobStore {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The analysis code copied into every job (class-path directories cannot be listed inside a jar). */
    static final List<String> ANALYSIS_FILES = List.of("gammavo_analysis.py");

    private final Path resultsDir;
    private final String jobUser;

    /**
     * @param resultsDir the shared results store
     * @param jobUser    the unix user jobs run as, to own the job directories when the bridge is root; may be empty
     */
    public FileJobStore(Path resultsDir, String jobUser) {
        this.resultsDir = resultsDir.toAbsolutePath();
        this.jobUser = jobUser == null ? "" : jobUser;
    }

    @Override
    public Path dir(String jobId) {
        if (jobId == null || !SAFE_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a usable job id: " + jobId);
        }
        return resultsDir.resolve(jobId);
    }

    private Path meta(String jobId, String name) {
        return dir(jobId).resolve(".job").resolve(name);
    }

    @Override
    public boolean known(String jobId) {
        return Files.exists(meta(jobId, "command.json"));
    }

    @Override
    public Path prepare(JobCommand.RunJob command, String script) {
        String jobId = command.jobId();
        try {
            Path dir = Files.createDirectories(dir(jobId));
            Path job = Files.createDirectories(dir.resolve(".job"));
            Files.createDirectories(job.resolve("mpl"));
            write(job.resolve("command.json"), JobContractCodec.encode(command));
            write(job.resolve("job.sh"), script);
            job.resolve("job.sh").toFile().setExecutable(true, false);
            for (String f : ANALYSIS_FILES) {
                try (InputStream in = getClass().getResourceAsStream("/analysis/" + f)) {
                    if (in != null) {
                        Files.copy(in, job.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            handOver(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the directory of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private void handOver(Path dir) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        UserPrincipal owner = null;
        if (root && !jobUser.isBlank()) {
            owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(jobUser);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (owner != null) {
                    Files.setOwner(p, owner);
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxr-x"));
                }
            }
        }
    }

    @Override
    public Optional<JobCommand.RunJob> command(String jobId) {
        return read(jobId, "command.json").map(JobContractCodec::decodeCommand)
                .filter(JobCommand.RunJob.class::isInstance).map(JobCommand.RunJob.class::cast);
    }

    @Override
    public void markPreparing(String jobId) {
        if (!Files.exists(meta(jobId, "preparing"))) {
            write(meta(jobId, "preparing"), Instant.now().toString());
        }
    }

    @Override
    public Optional<Instant> preparingSince(String jobId) {
        return read(jobId, "preparing").map(String::strip).flatMap(FileJobStore::instant);
    }

    @Override
    public void markPrepared(String jobId) {
        try {
            Files.deleteIfExists(meta(jobId, "preparing"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void markSubmitting(String jobId) {
        // The first attempt's time stays: the retries of an unknown submission are bounded from it. A job that
        // waited for its preparation (resolver away) started its attempts then.
        if (!isSubmitting(jobId)) {
            write(meta(jobId, "submitting"), preparingSince(jobId).orElseGet(Instant::now).toString());
        }
    }

    @Override
    public boolean isSubmitting(String jobId) {
        return Files.exists(meta(jobId, "submitting"));
    }

    @Override
    public Optional<Instant> submittingSince(String jobId) {
        Optional<String> text = read(jobId, "submitting").map(String::strip);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            // Written empty by an older bridge: the file's time is the same moment.
            try {
                return Optional.of(Files.getLastModifiedTime(meta(jobId, "submitting")).toInstant());
            } catch (IOException io) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void forgetExecutorJobId(String jobId) {
        write(meta(jobId, "executor-job-id"), "");
    }

    @Override
    public Optional<Integer> exitStatus(String jobId) {
        // "<status> <SLURM job id>", written by the batch script's last line (BatchScriptRenderer).
        return read(jobId, "exit-status").map(String::strip).filter(s -> !s.isEmpty()).flatMap(s -> {
            try {
                return Optional.of(Integer.parseInt(s.split("\\s+")[0]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void clearExitStatus(String jobId) {
        try {
            Files.deleteIfExists(meta(jobId, "exit-status"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the exit status of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int starts(String jobId) {
        return lines(jobId, "runs");
    }

    @Override
    public int refusedStarts(String jobId) {
        return lines(jobId, "refused-starts");
    }

    private int lines(String jobId, String name) {
        return read(jobId, name).map(t -> (int) t.lines().filter(l -> !l.isBlank()).count()).orElse(0);
    }

    @Override
    public Optional<Path> setAsideOutputs(String jobId) {
        Path dir = dir(jobId);
        try {
            List<Path> left;
            try (Stream<Path> entries = Files.list(dir)) {
                left = entries.filter(p -> !p.getFileName().toString().equals(".job")).toList();
            }
            if (left.isEmpty()) {
                return Optional.empty();
            }
            Path aside = dir.resolve(".job/lost-attempt-1");
            for (int n = 2; Files.exists(aside); n++) {
                aside = dir.resolve(".job/lost-attempt-" + n);
            }
            Files.createDirectories(aside);
            for (Path p : left) {
                Files.move(p, aside.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
            return Optional.of(aside);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the outputs of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> resubmittedAfter(String jobId) {
        return read(jobId, "resubmitted").map(String::strip);
    }

    @Override
    public void recordResubmission(String jobId, String lostExecutorJobId) {
        write(meta(jobId, "resubmitted"), lostExecutorJobId == null ? "" : lostExecutorJobId);
    }

    @Override
    public String batchScript(String jobId) {
        return read(jobId, "job.sh").orElseThrow(() -> new IllegalStateException("job " + jobId + " has no batch script"));
    }

    @Override
    public Optional<String> executorJobId(String jobId) {
        return read(jobId, "executor-job-id").map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public void recordExecutorJobId(String jobId, String executorJobId) {
        write(meta(jobId, "executor-job-id"), executorJobId);
    }

    @Override
    public Optional<SlurmStateMapper.StopReason> stopReason(String jobId) {
        return read(jobId, "stop-reason").map(String::strip).map(SlurmStateMapper.StopReason::valueOf);
    }

    @Override
    public void recordStopReason(String jobId, SlurmStateMapper.StopReason reason) {
        write(meta(jobId, "stop-reason"), reason.name());
    }

    @Override
    public Optional<ExecutionPhase> reported(String jobId) {
        return read(jobId, "reported").map(String::strip).map(ExecutionPhase::valueOf);
    }

    @Override
    public void markReported(String jobId, ExecutionPhase phase) {
        write(meta(jobId, "reported"), phase.name());
    }

    @Override
    public List<String> unreported() {
        if (!Files.isDirectory(resultsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(resultsDir)) {
            return dirs.filter(d -> Files.exists(d.resolve(".job/command.json")) && !Files.exists(d.resolve(".job/reported")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<JobEvent.JobResult> collectResults(String jobId, String executorJobId) {
        Path dir = dir(jobId);
        Path manifest = dir.resolve("manifest.json");
        try {
            List<String> outputs = new ArrayList<>();
            if (Files.exists(manifest)) {
                JsonNode m = JSON.readTree(manifest.toFile());
                for (JsonNode o : m.path("outputs")) {
                    outputs.add(o.path("path").asText(o.path("name").asText()));
                }
            } else {
                outputs = visibleFiles(dir);
                writeManifest(jobId, manifest, outputs, executorJobId);
            }
            List<JobEvent.JobResult> results = new ArrayList<>();
            for (String path : outputs) {
                Path f = dir.resolve(path).normalize();
                if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                    throw new IllegalStateException("the job finished but its result " + path + " is missing");
                }
                results.add(result(dir, f, Path.of(path).getFileName().toString()));
            }
            results.add(result(dir, manifest, "manifest"));
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the results of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private static List<String> visibleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.equals("manifest.json")).sorted().toList();
        }
    }

    // Jobs that write no manifest (e.g. selftest) get one from the bridge, so every job has its provenance record.
    private void writeManifest(String jobId, Path manifest, List<String> outputs, String executorJobId)
            throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.putArray("inputs");
        ArrayNode out = m.putArray("outputs");
        for (String path : outputs) {
            Path f = manifest.getParent().resolve(path);
            out.addObject().put("name", path).put("path", path).put("mimeType", MimeTypes.of(path))
                    .put("sha256", sha256(f));
        }
        String jobList = command(jobId).map(JobCommand::jobList).orElse("unknown");
        m.putObject("software").put("name", "gammavo-" + jobList).put("version", "1");
        m.put("executorJobId", executorJobId);
        Files.writeString(manifest, JSON.writeValueAsString(m));
    }

    private static JobEvent.JobResult result(Path dir, Path f, String id) throws IOException {
        return new JobEvent.JobResult(id, dir.relativize(f).toString(), MimeTypes.of(f.getFileName().toString()),
                Files.size(f), sha256(f));
    }

    /** Hex SHA-256 of a file, streamed: result files can be large. */
    static String sha256(Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String failureSummary(String jobId) {
        String err = tail(stderr(jobId));
        return err.isEmpty() ? tail(stdout(jobId)) : err;
    }

    /** The last few non-blank lines of a log, at most 600 characters: enough to say what went wrong. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
            return text.length() <= 600 ? text : "…" + text.substring(text.length() - 600);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void delete(String jobId) {
        Path dir = dir(jobId);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the directory of job " + jobId, e);
        }
    }

    private Optional<String> read(String jobId, String name) {
        try {
            return Optional.of(Files.readString(meta(jobId, name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Written to a temporary file and moved: a crash never leaves a half-written record.
    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** MIME types of the result files the analyses write. */
    static final class MimeTypes {
        private static final Map<String, String> BY_SUFFIX = Map.of(
                ".png", "image/png", ".fits", "application/fits", ".fits.gz", "application/fits",
                ".json", "application/json", ".ecsv", "text/x-ecsv", ".txt", "text/plain", ".csv", "text/csv",
                ".log", "text/plain", ".xml", "application/x-votable+xml");

        static String of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return BY_SUFFIX.entrySet().stream().filter(e -> n.endsWith(e.getKey()))
                    .max((a, b) -> a.getKey().length() - b.getKey().length()).map(Map.Entry::getValue)
                    .orElse("application/octet-stream");
        }
    }
}
