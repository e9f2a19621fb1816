package org.gammavo.uws.domain;

import org.gammavo.jobs.catalogue.JobDescription;

import java.util.Objects;

/**
 * Who may see and change a job. A job belongs to the caller who created it (UWS ownerId); a job created without
 * credentials (only in job lists whose description allows it, e.g. TAP {@code async}) has no owner.
 *
 * <ul>
 *   <li>An owned job is visible only to its owner; everyone else gets 403.</li>
 *   <li>An ownerless job is reachable by anyone who has its URL (the jobId is a random UUID, a capability), as pyvo
 *       and other TAP clients without credentials need.</li>
 *   <li>Job lists show each signed-in caller their own jobs. Anonymous callers get an empty list: listing the
 *       ownerless jobs would hand every anonymous client's capability URL (its query, its results, DELETE) to
 *       anyone.</li>
 * </ul>
 */
public final class OwnerPolicy {

    private OwnerPolicy() {
    }

    /**
     * @param jobOwner the job's ownerId, null for an ownerless job
     * @param caller   the authenticated caller's name, null for an anonymous caller
     */
    public static boolean mayAccess(String jobOwner, String caller) {
        return jobOwner == null || Objects.equals(jobOwner, caller);
    }

    /** Whether job lists show {@code caller} (null: anonymous) any job: only a signed-in caller has jobs of their own. */
    public static boolean hasListedJobs(String caller) {
        return caller != null;
    }

    /** Whether {@code caller} (null: anonymous) may create jobs in the list described by {@code d}. */
    public static boolean mayCreate(JobDescription d, String caller) {
        return caller != null || d.anonymous();
    }
}
