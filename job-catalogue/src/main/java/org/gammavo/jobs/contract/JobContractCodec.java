package org.gammavo.jobs.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of the job contract, used by producers and consumers alike.
 *
 * <p>Messages are JSON objects with {@code "type"} (the record's name), {@code "version"} ({@link JobTopics#VERSION})
 * and the record's fields; times are ISO-8601 strings. Readers ignore unknown fields, so fields can be added
 * without a new version, and refuse a message of a higher major version with {@link ContractException}.
 */
public final class JobContractCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JobContractCodec() {
    }

    public static String encode(JobCommand command) {
        return write(command, JobCommand.class);
    }

    public static String encode(JobEvent event) {
        return write(event, JobEvent.class);
    }

    public static JobCommand decodeCommand(String json) {
        return read(json, JobCommand.class);
    }

    public static JobEvent decodeEvent(String json) {
        return read(json, JobEvent.class);
    }

    private static String write(Object value, Class<?> type) {
        try {
            // Written through the sealed type so that "type" is always present, whatever the runtime class.
            ObjectNode node = (ObjectNode) MAPPER.readTree(MAPPER.writerFor(type).writeValueAsString(value));
            node.put("version", JobTopics.VERSION);
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ContractException("cannot encode " + value, e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new ContractException("not a JSON object: " + abbreviate(json));
            }
            int version = node.path("version").asInt(JobTopics.VERSION);
            if (version > JobTopics.VERSION) {
                throw new ContractException("contract version " + version + " is newer than " + JobTopics.VERSION);
            }
            ((ObjectNode) node).remove("version");
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ContractException("not a valid " + type.getSimpleName() + ": " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** A message that does not follow the contract. Consumers log it and skip it; it is never retried. */
    public static final class ContractException extends RuntimeException {
        public ContractException(String message) {
            super(message);
        }

        public ContractException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
