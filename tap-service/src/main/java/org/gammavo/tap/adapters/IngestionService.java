package org.gammavo.tap.adapters;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gammavo.tap.domain.Collection;
import org.gammavo.tap.domain.Dl3Observation;
import org.gammavo.tap.domain.ObsCoreMapper;
import org.gammavo.tap.domain.TapMetadata;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fills ivoa.obscore/ivoa.obscore_hea from the GADF data stores at start (flag {@code gammavo.tap.ingest.at-start})
 * and on demand. The sources are the folders of {@code <shared-data>/dl3/*} when that directory exists, else the
 * demo data shipped in the repository. A collection whose files (names, sizes, mtimes) and public URL are unchanged
 * since its last ingestion is skipped, so restarts are fast.
 */
@ApplicationScoped
public class IngestionService {

    private static final Logger LOG = Logger.getLogger(IngestionService.class);

    @Inject
    ObsCoreStore store;

    @ConfigProperty(name = "gammavo.tap.shared-data")
    Optional<String> sharedData;

    @ConfigProperty(name = "gammavo.tap.demo-data")
    Optional<String> demoData;

    @ConfigProperty(name = "gammavo.tap.ingest.at-start")
    boolean atStart;

    @ConfigProperty(name = "gammavo.tap.public-url")
    String publicUrl;

    /** What one ingestion did per collection: observations and rows written, or "unchanged". */
    public record Report(Map<String, String> collections, long millis) {
    }

    void onStart(@Observes StartupEvent ev) throws Exception {
        store.prepareGeometry();
        store.writeTapSchema(TapMetadata.TABLES);
        LOG.infof("ADQL dialect %s; TAP_SCHEMA written (%d tables)", store.dialect(), TapMetadata.TABLES.tables().size());
        if (atStart) {
            Report r = ingest(false);
            LOG.infof("ingestion in %d ms: %s", r.millis(), r.collections());
        }
    }

    /** The collection folders to ingest: each sub-folder of the DL3 root holding an obs-index. */
    public List<Path> sources() throws Exception {
        Path root = null;
        if (sharedData.isPresent() && !sharedData.get().isBlank() && Files.isDirectory(Path.of(sharedData.get(), "dl3"))) {
            root = Path.of(sharedData.get(), "dl3");
        } else if (demoData.isPresent() && Files.isDirectory(Path.of(demoData.get()))) {
            root = Path.of(demoData.get());
        }
        if (root == null) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private String ingestCollection(Path dir, String key, boolean force) throws Exception {
        var found = GadfReader.findStore(dir);
        if (found.isEmpty()) return "no obs-index";
        StringBuilder fp = new StringBuilder(publicUrl).append('\n');
        for (Path f : GadfReader.referencedFiles(found.get())) {
            fp.append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        String fingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(fp.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (!force && store.fingerprint(key).map(fingerprint::equals).orElse(false)) return "unchanged";
        Collection c = Collection.of(key);
        List<Dl3Observation> obs = GadfReader.read(key, found.get());
        List<ObsCoreMapper.Rows> rows = new ArrayList<>();
        for (Dl3Observation o : obs) rows.addAll(ObsCoreMapper.map(o, c, publicUrl));
        store.replaceCollection(key, rows, fingerprint);
        return obs.size() + " observations, " + rows.size() + " rows";
    }

    /**
     * Ingests every source collection; idempotent (upsert keyed by obs_publisher_did).
     * @param force re-read even unchanged collections
     */
    public synchronized Report ingest(boolean force) throws Exception {
        long t0 = System.currentTimeMillis();
        Map<String, String> out = new LinkedHashMap<>();
        for (Path dir : sources()) {
            String key = dir.getFileName().toString();
            try {
                out.put(key, ingestCollection(dir, key, force));
            } catch (Exception e) {
                // one unreadable release must not keep the others (or the service) from starting
                LOG.errorf(e, "ingestion of %s failed", key);
                out.put(key, "failed: " + e.getMessage());
            }
        }
        return new Report(out, System.currentTimeMillis() - t0);
    }
}
