package org.gammavo.tap.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * The service's public base URL, from configuration ({@code gammavo.tap.public-url}, GAMMAVO_PUBLIC_URL + /tap), the
 * one source of every absolute URL the service writes (DataLink, capabilities, service descriptors, async
 * rewriting): never the request's Host or X-Forwarded-* headers, which any client can forge.
 */
@ApplicationScoped
public class PublicUrl {

    private final String base;

    PublicUrl(@ConfigProperty(name = "gammavo.tap.public-url") String configured) {
        this.base = configured.replaceAll("/+$", "");
        URI.create(base);  // fail at start on a malformed value
    }

    /** Without a trailing slash, e.g. {@code https://vo.example.org/tap}. */
    public String base() {
        return base;
    }

    public URI uri() {
        return URI.create(base);
    }
}
