package org.gammavo.tap.adapters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nom.tam.fits.FitsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;

/**
 * The {@code #preview} of an event bundle: a 256×256 counts map around the pointing ({@link Dl3Files#preview}), made
 * once per DL3 file version and kept beside the async results (a volume every replica shares).
 */
@ApplicationScoped
public class Previews {

    @Inject ObsCoreStore store;

    @ConfigProperty(name = "gammavo.tap.results-dir")
    String resultsDir;

    /** The PNG of {@code bundle}, made now when there is none or the DL3 file is newer. */
    public Path of(ObsCoreStore.DatasetFile bundle)
            throws IOException, FitsException, SQLException {
        Path events = Path.of(bundle.path());
        Path cached = Path.of(resultsDir, "previews", bundle.collection(), bundle.obsId() + ".png");
        if (Files.isRegularFile(cached)
                && Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(events))
                        >= 0) {
            return cached;
        }
        ObsCoreStore.Pointing p =
                store.pointing(bundle.publisherDid())
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "no ObsCore row for " + bundle.publisherDid()));
        Files.createDirectories(cached.getParent());
        Path tmp = Files.createTempFile(cached.getParent(), bundle.obsId(), ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            Dl3Files.preview(events, bundle.hduName(), p.ra(), p.dec(), p.fov() / 2, 256, out);
        } catch (FitsException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(
                tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return cached;
    }
}
