package org.gammavo.bridge.domain;

import org.gammavo.jobs.catalogue.JobDescription;

import java.util.Optional;

/** The job kinds the bridge can run: the job catalogue's description of each, and its batch-script template. */
public interface JobCatalog {

    /** The description of a kind (the job catalogue's); empty if there is none. */
    Optional<JobDescription> description(String jobList);

    /** The batch-script template of a kind; empty if the bridge cannot run it. */
    Optional<String> template(String jobList);
}
