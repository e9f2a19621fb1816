package org.gammavo.uws.domain;

/** A client asked for something the job's current phase does not allow (UWS 1.1 §2.2.3.1): HTTP 409. */
public class IllegalPhaseTransitionException extends RuntimeException {

    public IllegalPhaseTransitionException(String message) {
        super(message);
    }
}
