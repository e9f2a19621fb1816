package org.gammavo.resolver.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gammavo.resolver.domain.Resolution;
import org.gammavo.resolver.domain.SkyObject;
import org.gammavo.resolver.domain.Suggestion;

import java.util.List;

/**
 * The JSON answer for one name. Positions are ICRS degrees; {@code extension} is in degrees, absent when point-like
 * or unknown. When {@code found} is false only {@code name} and {@code suggestions} are set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedName(String name, boolean found, String canonicalName, Double ra, Double dec, String frame,
                           List<String> aliases, String catalogue, String reference, String objectClass,
                           Double extension, String origin, List<SuggestedName> suggestions) {

    static ResolvedName of(Resolution r) {
        if (r instanceof Resolution.Found f) {
            SkyObject o = f.object();
            return new ResolvedName(r.query(), true, o.canonicalName(), o.ra(), o.dec(), "ICRS",
                    o.names().stream().filter(n -> !n.equals(o.canonicalName())).toList(), o.catalogue(),
                    o.reference(), o.objectClass(), o.extension(), f.origin().name().toLowerCase(), null);
        }
        Resolution.NotFound nf = (Resolution.NotFound) r;
        return new ResolvedName(r.query(), false, null, null, null, null, null, null, null, null, null, null,
                nf.suggestions().stream().map(SuggestedName::of).toList());
    }

    /** A name offered for type-ahead or as "did you mean"; {@code score} is in [0, 1]. */
    public record SuggestedName(String name, String canonicalName, double ra, double dec, String catalogue,
                                double score) {
        static SuggestedName of(Suggestion s) {
            return new SuggestedName(s.name(), s.object().canonicalName(), s.object().ra(), s.object().dec(),
                    s.object().catalogue(), Math.round(s.score() * 1000) / 1000.0);
        }
    }
}
