package org.gammavo.jobs.catalogue;

/** A job parameter (or UWS control parameter) the client gave is missing, unknown or out of range: HTTP 400. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The name of the offending parameter. */
    public String parameter() {
        return parameter;
    }
}
