package org.gammavo.tap.domain;

/**
 * One row of a DataLink 1.1 links table (§3.2): a link from the dataset {@code id} to a file, a service or an
 * error, named by its {@code semantics} from the IVOA DataLink vocabulary ({@code #this}, {@code #calibration} …).
 *
 * @param id               the dataset's obs_publisher_did, as asked
 * @param accessUrl        where the linked resource is; null for a service or an error
 * @param serviceDef       the ID of the service descriptor RESOURCE to call instead; null for a plain link
 * @param errorMessage     why there is no link (e.g. NotFoundFault); null otherwise
 * @param semantics        the link's meaning
 * @param description      for a human reader
 * @param contentType      MIME type of the linked resource
 * @param contentLength    its size in bytes, when known
 * @param contentQualifier what kind of product it is (here the IRF type or the dataproduct type)
 * @param localSemantics   a service-specific refinement of semantics (unused here)
 */
public record DataLink(String id, String accessUrl, String serviceDef, String errorMessage, String semantics,
                       String description, String contentType, Long contentLength, String contentQualifier,
                       String localSemantics) {

    /** A link to a resource at {@code accessUrl}. */
    public static DataLink link(String id, String accessUrl, String semantics, String description, String contentType,
                                Long contentLength, String contentQualifier) {
        return new DataLink(id, accessUrl, null, null, semantics, description, contentType, contentLength,
                contentQualifier, null);
    }

    /** A link to the service described by the RESOURCE whose ID is {@code serviceDef}. */
    public static DataLink service(String id, String serviceDef, String semantics, String description,
                                   String contentType) {
        return new DataLink(id, null, serviceDef, null, semantics, description, contentType, null, null, null);
    }

    /** The row for an ID that has no links (DataLink 1.1 §3.2.3: error_message starts with a fault name). */
    public static DataLink error(String id, String errorMessage) {
        return new DataLink(id, null, null, errorMessage, "#this", null, null, null, null, null);
    }
}
