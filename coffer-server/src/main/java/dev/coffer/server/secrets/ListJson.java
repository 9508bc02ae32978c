package dev.coffer.server.secrets;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.coffer.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The body of a secrets list, written field by field with Jackson's streaming generator: the same
 * bytes the object mapper writes for {@link SecretRoutes.ListBody} (a test holds them equal), at a
 * fraction of its reflective cost, on the path every application start takes.
 */
final class ListJson {

    private ListJson() {}

    static byte[] write(SecretRoutes.ListBody body) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + 400 * body.secrets().size());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("secrets");
            secrets(g, body.secrets());
            g.writeFieldName("imports");
            g.writeStartArray();
            for (Object i : body.imports()) {
                if (i instanceof SecretRoutes.ImportView v) {
                    g.writeStartObject();
                    g.writeStringField("secretPath", v.secretPath());
                    g.writeStringField("environment", v.environment());
                    g.writeStringField("folderId", v.folderId());
                    g.writeFieldName("secrets");
                    secrets(g, v.secrets());
                    g.writeEndObject();
                } else {
                    g.writeObject(i);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void secrets(JsonGenerator g, List<SecretRoutes.RawSecret> secrets) throws IOException {
        g.writeStartArray();
        for (SecretRoutes.RawSecret s : secrets) secret(g, s);
        g.writeEndArray();
    }

    private static void secret(JsonGenerator g, SecretRoutes.RawSecret s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("_id", s.legacyId());
        g.writeStringField("workspace", s.workspace());
        g.writeStringField("environment", s.environment());
        g.writeNumberField("version", s.version());
        g.writeStringField("type", s.type());
        g.writeStringField("secretKey", s.secretKey());
        g.writeStringField(
                "secretValue", s.secretValue() == null ? null : s.secretValue().reveal());
        g.writeStringField(
                "secretComment",
                s.secretComment() == null ? null : s.secretComment().reveal());
        g.writeStringField("secretReminderNote", s.secretReminderNote());
        g.writeFieldName("secretReminderRepeatDays");
        if (s.secretReminderRepeatDays() == null) g.writeNull();
        else g.writeNumber(s.secretReminderRepeatDays());
        g.writeBooleanField("skipMultilineEncoding", s.skipMultilineEncoding());
        g.writeStringField("createdAt", s.createdAt());
        g.writeStringField("updatedAt", s.updatedAt());
        g.writeStringField("secretPath", s.secretPath());
        g.writeBooleanField("secretValueHidden", s.secretValueHidden());
        g.writeFieldName("secretMetadata");
        if (s.secretMetadata() == null) g.writeNull();
        else g.writeRawValue(s.secretMetadata());
        g.writeFieldName("tags");
        g.writeStartArray();
        for (Object t : s.tags()) {
            if (t instanceof Map<?, ?> m) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    if (e.getValue() == null) g.writeNull();
                    else if (e.getValue() instanceof String v) g.writeString(v);
                    else g.writeObject(e.getValue());
                }
                g.writeEndObject();
            } else {
                g.writeObject(t);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
