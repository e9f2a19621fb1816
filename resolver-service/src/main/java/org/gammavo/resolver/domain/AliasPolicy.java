package org.gammavo.resolver.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may add, change and remove aliases. Aliases are answered before the catalogues by every replica, so a write
 * changes what every user and every analysis gets for that name:
 *
 * <ul>
 *   <li>Only signed-in users write (anonymous callers read).</li>
 *   <li>An alias belongs to the user who added it: only they, or a user with role {@value #ADMIN_ROLE}, may replace or
 *       remove it. An alias recorded before owners were (no owner) is an admin's alone.</li>
 *   <li>A name the catalogues (curated list, catalogue files) or upstream Sesame already answer may be shadowed by an
 *       admin only: a user must not re-point "Crab" for everyone.</li>
 * </ul>
 */
public final class AliasPolicy {

    /** The role that may write any alias. */
    public static final String ADMIN_ROLE = "admin";

    private AliasPolicy() {
    }

    /**
     * Why {@code caller} may not (re)define {@code alias}, or empty when they may.
     *
     * @param current what the name resolves to now (before the change)
     * @param caller  the authenticated user's name (never null: anonymous writes are refused before)
     * @param admin   whether the caller has role {@value #ADMIN_ROLE}
     */
    public static Optional<String> refusalToDefine(String alias, Resolution current, Optional<NameEvent.AliasAdded> existing,
                                                   String caller, boolean admin) {
        if (admin) {
            return Optional.empty();
        }
        if (existing.isPresent()) {
            return refusalToChange(existing.get(), caller, false);
        }
        if (current instanceof Resolution.Found f && f.origin() != Resolution.Origin.OPERATOR_ALIAS) {
            return Optional.of("'" + alias + "' is already a catalogue name (" + f.object().canonicalName() + ", "
                    + f.object().catalogue() + "); only an admin may shadow it");
        }
        return Optional.empty();
    }

    /** Why {@code caller} may not replace or remove {@code existing}, or empty when they may. */
    public static Optional<String> refusalToChange(NameEvent.AliasAdded existing, String caller, boolean admin) {
        if (admin || (existing.owner() != null && Objects.equals(existing.owner(), caller))) {
            return Optional.empty();
        }
        return Optional.of("alias '" + existing.name() + "' belongs to "
                + (existing.owner() == null ? "an operator" : "another user") + "; only its owner or an admin may change it");
    }
}
