package org.gammavo.resolver.domain;

import java.util.List;

/** The outcome of resolving one name. */
public sealed interface Resolution {

    /** The name as asked. */
    String query();

    /** Where an answer came from. */
    enum Origin { CATALOGUE, OPERATOR_ALIAS, UPSTREAM }

    /** {@code query} resolved to {@code object}. */
    record Found(String query, SkyObject object, Origin origin) implements Resolution {
    }

    /** Nothing known by that name; {@code suggestions} are near misses, best first (possibly none). */
    record NotFound(String query, List<Suggestion> suggestions) implements Resolution {
    }
}
