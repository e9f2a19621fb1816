package org.gammavo.resolver.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** JSON error bodies: {@code {"status": 400, "error": "..."}}. */
final class Problems {

    private Problems() {
    }

    static Response badRequest(String message) {
        return of(400, message);
    }

    static Response of(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("status", status, "error", message)).build();
    }
}
