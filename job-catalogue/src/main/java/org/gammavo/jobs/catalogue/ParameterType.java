package org.gammavo.jobs.catalogue;

import java.util.Locale;
import java.util.Optional;

/** The value types a job parameter may have in a job description. */
public enum ParameterType {
    STRING, INTEGER, DOUBLE, BOOLEAN, ENUM, FILE, DATETIME;

    /** The name used in the description files ({@code "double"}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ParameterType> fromJson(String name) {
        for (ParameterType t : values()) {
            if (t.jsonName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** VOTable datatype of a PARAM of this type (VOTable 1.4 §2.1); datetimes are char with xtype timestamp. */
    public String votableDatatype() {
        return switch (this) {
            case INTEGER -> "long";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            default -> "char";
        };
    }
}
