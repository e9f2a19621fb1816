package org.gammavo.adql.meta;

/**
 * Declares that two columns of a table are a sky position (longitude/RA and latitude/Dec in degrees),
 * so {@code CONTAINS(POINT(ra, dec), CIRCLE(...))} can be translated into an index-using condition.
 * Expected indexes: plain PostgreSQL a B-tree on the dec column; pgSphere a GiST index on
 * {@code spoint(radians(ra), radians(dec))}.
 */
public record SkyPosition(String ra, String dec) { }
