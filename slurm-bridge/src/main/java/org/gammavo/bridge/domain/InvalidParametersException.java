package org.gammavo.bridge.domain;

/** A job that cannot run as asked (bad parameters, unknown kind, unresolvable target): it goes to ERROR with this message. */
public class InvalidParametersException extends RuntimeException {

    public InvalidParametersException(String message) {
        super(message);
    }
}
