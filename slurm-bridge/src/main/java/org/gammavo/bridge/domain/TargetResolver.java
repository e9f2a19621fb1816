package org.gammavo.bridge.domain;

/** Turns a source name (e.g. {@code Crab}) into ICRS coordinates, through the platform's Sesame-compatible resolver. */
public interface TargetResolver {

    /**
     * @return {ra, dec} in degrees
     * @throws UnknownTargetException       if the resolver does not know the name, or no resolver is configured:
     *                                      asking again will not help
     * @throws ResolverUnavailableException if the resolver could not answer (unreachable, 5xx, time-out): asking
     *                                      again later may
     */
    double[] resolve(String name);

    /**
     * The name cannot be resolved, now or later (404 from the resolver, no resolver configured): the job cannot run
     * as asked. An {@link IllegalArgumentException}, since it is bad input.
     */
    class UnknownTargetException extends IllegalArgumentException {
        public UnknownTargetException(String message) {
            super(message);
        }
    }

    /**
     * The resolver gave no answer about the name (connection refused, time-out, HTTP 5xx or 429, a broken answer):
     * the job waits and asks again. Not an {@link IllegalArgumentException}: the input may be fine.
     */
    class ResolverUnavailableException extends RuntimeException {
        public ResolverUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
