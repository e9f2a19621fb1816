package org.gammavo.bridge.domain;

import java.util.Optional;

/** The job kinds the bridge can run: a batch-script template each, and the description of their parameters. */
public interface JobCatalog {

    /** The description of a kind; empty for kinds without parameters (e.g. {@code selftest}). */
    Optional<JobDescription> description(String jobList);

    /** The batch-script template of a kind; empty if the bridge cannot run it. */
    Optional<String> template(String jobList);
}
