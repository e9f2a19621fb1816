package org.gammavo.tap.domain;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service limits that several parts read (sync, async, VOSI capabilities, uploads), read once here. Their values
 * are in application.properties only (no default in code): one place, overridable by environment variables.
 */
@ApplicationScoped
public class TapLimits {

    @ConfigProperty(name = "gammavo.tap.maxrec.default")
    long defaultMaxrec;

    @ConfigProperty(name = "gammavo.tap.maxrec.limit")
    long maxrecLimit;

    @ConfigProperty(name = "gammavo.tap.query.timeout")
    int queryTimeoutSeconds;

    @ConfigProperty(name = "gammavo.tap.upload.max-bytes")
    long uploadMaxBytes;

    /** MAXREC when the request has none (TAP 1.1 §2.7.1). */
    public long defaultMaxrec() {
        return defaultMaxrec;
    }

    /** The largest MAXREC honoured (TAPRegExt outputLimit hard). */
    public long maxrecLimit() {
        return maxrecLimit;
    }

    /** A query's time limit in seconds (TAPRegExt executionDuration hard). */
    public int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /** The largest upload, inline or by URL, in bytes (TAPRegExt uploadLimit hard). */
    public long uploadMaxBytes() {
        return uploadMaxBytes;
    }
}
