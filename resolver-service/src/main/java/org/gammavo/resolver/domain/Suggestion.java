package org.gammavo.resolver.domain;

/**
 * A name close to what was asked for.
 *
 * @param name   the name as written in its source
 * @param object the object it resolves to
 * @param score  similarity in [0, 1]; 1 is an exact key match
 */
public record Suggestion(String name, SkyObject object, double score) {
}
