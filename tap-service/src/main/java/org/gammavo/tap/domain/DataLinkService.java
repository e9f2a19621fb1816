package org.gammavo.tap.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.tap.adapters.ObsCoreStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The DataLink 1.1 links of published datasets. An event bundle links to its DL3 file ({@code #this}), each
 * response function ({@code #calibration}, content_qualifier = the IRF type), a counts-map preview
 * ({@code #preview}) and the event-list cutout service ({@code #cutout}); a response function links to its
 * single-HDU file ({@code #this}) and back to its bundle ({@code #progenitor}).
 */
@ApplicationScoped
public class DataLinkService {

    /** The ID of the service descriptor that {@code #cutout} links name in service_def. */
    public static final String CUTOUT_SERVICE = "cutout";

    @Inject
    ObsCoreStore store;

    /**
     * The links of {@code ids}, in order.
     *
     * @param links           the rows
     * @param needsCutoutService true when a row points at {@link #CUTOUT_SERVICE}, whose descriptor must follow
     */
    public record Links(List<DataLink> links, boolean needsCutoutService) {
    }

    /**
     * Links of each ID (an obs_publisher_did); an unknown ID gets a NotFoundFault row.
     *
     * @param base the service's public base URL, which every access_url starts with
     */
    public Links linksOf(List<String> ids, String base) throws SQLException {
        List<DataLink> rows = new ArrayList<>();
        boolean cutout = false;
        for (String id : ids) {
            List<ObsCoreStore.DatasetFile> files = store.filesOfObservation(id);
            ObsCoreStore.DatasetFile self = files.stream().filter(f -> f.publisherDid().equals(id)).findFirst()
                    .orElse(null);
            if (self == null) {
                rows.add(DataLink.error(id, "NotFoundFault: no dataset " + id));
            } else if (self.role().equals("bundle")) {
                bundleLinks(id, self, files, base, rows);
                cutout = true;
            } else {
                irfLinks(id, self, files, base, rows);
            }
        }
        return new Links(rows, cutout);
    }

    private static void bundleLinks(String id, ObsCoreStore.DatasetFile self, List<ObsCoreStore.DatasetFile> files,
                                    String base, List<DataLink> rows) {
        String fileUrl = base + "/files/" + self.collection() + "/" + self.obsId();
        rows.add(DataLink.link(id, fileUrl, "#this", "DL3 file: events, GTI and IRF HDUs (GADF)", "application/fits",
                self.size(), "hea-event-bundle"));
        for (ObsCoreStore.DatasetFile f : files) {
            if (f.role().equals("bundle")) continue;
            rows.add(DataLink.link(id, fileUrl + "/" + f.role(), "#calibration",
                    "Instrument response function " + f.role() + " (HDU " + f.hduName() + ")", "application/fits",
                    null, f.role()));
        }
        String preview = base + "/preview/" + self.collection() + "/" + self.obsId() + ".png";
        rows.add(DataLink.link(id, preview, "#preview", "Counts map of the events around the pointing", "image/png",
                null, null));
        rows.add(DataLink.service(id, CUTOUT_SERVICE, "#cutout",
                "Event-list cutout: events in a cone, energy and time range, with the GTI and IRF HDUs",
                "application/fits"));
    }

    private static void irfLinks(String id, ObsCoreStore.DatasetFile self, List<ObsCoreStore.DatasetFile> files,
                                 String base, List<DataLink> rows) {
        String fileUrl = base + "/files/" + self.collection() + "/" + self.obsId() + "/" + self.role();
        rows.add(DataLink.link(id, fileUrl, "#this", "Instrument response function " + self.role(),
                "application/fits", null, self.role()));
        files.stream().filter(f -> f.role().equals("bundle")).findFirst().ifPresent(bundle -> rows.add(DataLink.link(
                id, base + "/datalink?ID=" + URLEncoder.encode(bundle.publisherDid(), StandardCharsets.UTF_8),
                "#progenitor", "The observation's event bundle and its links",
                "application/x-votable+xml;content=datalink", null, null)));
    }
}
