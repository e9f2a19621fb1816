package org.gammavo.jobs.catalogue;

/**
 * One result a job of a kind produces (UWS §2.2.3.5 result), as announced by the job description.
 *
 * @param name        the result id under {@code results/}
 * @param mimeType    its MIME type
 * @param description one line for humans
 */
public record ResultDescription(String name, String mimeType, String description) {
}
