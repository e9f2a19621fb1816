package org.gammavo.resolver.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.gammavo.resolver.adapters.ResolverRuntime;

import java.util.Map;

/** The resolver's landing document: what it offers and where. */
@Path("/")
public class ResolverIndexResource {

    @Inject
    ResolverRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> index() {
        return Map.of("service", "resolver-service",
                "endpoints", Map.of("sesame", "sesame/-o{x|I|x2}[p]/~{S|N|V|A}?{name}",
                        "resolve", "api/resolve?name=", "batch", "POST api/resolve [names]",
                        "suggest", "api/suggest?q=", "aliases", "api/aliases (operator only)"),
                "names", runtime.index().size(),
                "objects", runtime.index().objectCount(),
                "catalogs", runtime.catalogs().toString());
    }
}
