package org.gammavo.bridge.domain;

/** Turns a source name (e.g. {@code Crab}) into ICRS coordinates, through the platform's Sesame-compatible resolver. */
public interface TargetResolver {

    /**
     * @return {ra, dec} in degrees
     * @throws IllegalArgumentException if the name is unknown or the resolver cannot be reached (with the reason)
     */
    double[] resolve(String name);
}
