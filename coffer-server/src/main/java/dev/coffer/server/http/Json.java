package dev.coffer.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.errors.ApiException;
import java.io.IOException;

/** The one JSON codec: bounded nesting depth, unknown fields ignored, parse errors without quoting input. */
public final class Json {

    /** Deepest nesting a request body may have; real clients send depth 3 or less. */
    public static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // "{...} garbage" is malformed JSON, not an object followed by something to ignore
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private Json() {}

    /**
     * Parses a request body. An empty body is an empty object. Errors name the position only:
     * Jackson's own messages quote the input, which could be a secret value.
     */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) return MAPPER.createObjectNode();
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (StreamConstraintsException e) {
            throw new ApiException.BadRequest(
                    "The request body is nested deeper than " + MAX_DEPTH + " levels; send a flatter JSON document.");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ApiException.BadRequest("The request body is not valid JSON" + where
                    + "; send a JSON object with Content-Type: application/json.");
        } catch (IOException e) {
            throw new ApiException.BadRequest("The request body could not be read.");
        }
    }

    /** Serializes a response value. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "response could not be serialized: " + e.getClass().getSimpleName());
        }
    }
}
