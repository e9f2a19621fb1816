package org.gammavo.uws.domain;

/** The job (or job list) named in a request does not exist: HTTP 404. */
public class NoSuchJobException extends RuntimeException {

    public NoSuchJobException(String message) {
        super(message);
    }
}
