package org.gammavo.resolver.adapters;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.gammavo.resolver.domain.NameEvent;
import org.gammavo.resolver.domain.NameNormalizer;

/**
 * The JSON form of the events on {@code resolver.names.v1}: objects with {@code "type"} (AliasAdded,
 * UpstreamAnswered), {@code "version"} and the record's fields, times as ISO-8601. The record key is the normalized
 * name; a null value (tombstone) removes an operator alias. Readers ignore unknown fields and refuse a newer major
 * version, like the job contract.
 */
public final class NameEventCodec {

    /** The topic; its configuration lives in k8s/base/kafka/topics.yaml. */
    public static final String TOPIC = "resolver.names.v1";
    /** Major version of the message form. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .addMixIn(NameEvent.class, Typed.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = NameEvent.AliasAdded.class, name = "AliasAdded"),
            @JsonSubTypes.Type(value = NameEvent.UpstreamAnswered.class, name = "UpstreamAnswered")})
    private interface Typed {
    }

    private NameEventCodec() {
    }

    /** The record key of an event: its normalized name. */
    public static String key(NameEvent event) {
        return NameNormalizer.key(event.name());
    }

    /** The record value; null for a removal (a tombstone, so compaction forgets the name). */
    public static String encode(NameEvent event) {
        if (event instanceof NameEvent.AliasRemoved) {
            return null;
        }
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(MAPPER.writerFor(NameEvent.class).writeValueAsString(event));
            node.put("version", VERSION);
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event, e);
        }
    }

    /**
     * Reads a record. A tombstone becomes {@link NameEvent.AliasRemoved} of the key.
     *
     * @throws IllegalArgumentException when the value is not a known event of a supported version
     */
    public static NameEvent decode(String key, String value) {
        if (value == null) {
            return new NameEvent.AliasRemoved(key);
        }
        try {
            JsonNode node = MAPPER.readTree(value);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int version = node.path("version").asInt(VERSION);
            if (version > VERSION) {
                throw new IllegalArgumentException("version " + version + " is newer than " + VERSION);
            }
            ((ObjectNode) node).remove("version");
            return MAPPER.treeToValue(node, NameEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a name event: " + e.getOriginalMessage(), e);
        }
    }
}
