package org.gammavo.uws.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.gammavo.jobs.catalogue.JobDescription;
import org.gammavo.jobs.catalogue.ParameterValidator;
import org.gammavo.uws.adapters.ResultFiles;
import org.jboss.resteasy.reactive.server.multipart.FileItem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A form's job parameters taken in, at creation and at every change (UWS 1.1 §2.2.3.4): checked by the job
 * catalogue's validator, and each uploaded file stored under the job's directory (its value becomes
 * {@code file:uploads/<name>}).
 */
@ApplicationScoped
public class ParameterIntake {

    @Inject
    ResultFiles files;

    /** Validated parameters (description's names) and the names of those that are files. */
    public record Prepared(Map<String, String> params, Set<String> uploads) {
    }

    /** Validates the form's parameters against {@code d} and stores its uploads under the job's directory. */
    public Prepared prepare(JobDescription d, String jobId, UwsForm form) {
        Map<String, String> given = new LinkedHashMap<>(form.parameters());
        for (String name : form.uploads().keySet()) {
            given.put(name, "");
        }
        Map<String, String> params = ParameterValidator.check(d, given, form.uploads().keySet());
        Set<String> uploads = new LinkedHashSet<>();
        for (Map.Entry<String, FileItem> u : form.uploads().entrySet()) {
            String name = d.parameter(u.getKey()).map(x -> x.name()).orElse(u.getKey());
            try (InputStream in = u.getValue().getInputStream()) {
                params.put(name, files.storeUpload(jobId, name, in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read upload " + name, e);
            }
            uploads.add(name);
        }
        return new Prepared(params, uploads);
    }
}
