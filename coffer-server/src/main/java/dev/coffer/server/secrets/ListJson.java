package dev.coffer.server.secrets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // field names encoded once: written as bytes, not escaped character by character for every secret
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString LEGACY_ID = new SerializedString("_id");
    private static final SerializedString WORKSPACE = new SerializedString("workspace");
    private static final SerializedString ENVIRONMENT = new SerializedString("environment");
    private static final SerializedString VERSION = new SerializedString("version");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString SECRET_KEY = new SerializedString("secretKey");
    private static final SerializedString SECRET_VALUE = new SerializedString("secretValue");
    private static final SerializedString SECRET_COMMENT = new SerializedString("secretComment");
    private static final SerializedString SECRET_REMINDER_NOTE = new SerializedString("secretReminderNote");
    private static final SerializedString SECRET_REMINDER_REPEAT_DAYS =
            new SerializedString("secretReminderRepeatDays");
    private static final SerializedString SKIP_MULTILINE_ENCODING = new SerializedString("skipMultilineEncoding");
    private static final SerializedString CREATED_AT = new SerializedString("createdAt");
    private static final SerializedString UPDATED_AT = new SerializedString("updatedAt");
    private static final SerializedString SECRET_PATH = new SerializedString("secretPath");
    private static final SerializedString SECRET_VALUE_HIDDEN = new SerializedString("secretValueHidden");
    private static final SerializedString SECRET_METADATA = new SerializedString("secretMetadata");
    private static final SerializedString TAGS = new SerializedString("tags");

    private ListJson() {}

    static byte[] write(SecretRoutes.ListBody body) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + 640 * body.secrets().size());
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

    /** A field whose value is a string, or null. */
    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void secret(JsonGenerator g, SecretRoutes.RawSecret s) throws IOException {
        g.writeStartObject();
        string(g, ID, s.id());
        string(g, LEGACY_ID, s.legacyId());
        string(g, WORKSPACE, s.workspace());
        string(g, ENVIRONMENT, s.environment());
        g.writeFieldName(VERSION);
        g.writeNumber(s.version());
        string(g, TYPE, s.type());
        string(g, SECRET_KEY, s.secretKey());
        string(g, SECRET_VALUE, s.secretValue() == null ? null : s.secretValue().reveal());
        string(
                g,
                SECRET_COMMENT,
                s.secretComment() == null ? null : s.secretComment().reveal());
        string(g, SECRET_REMINDER_NOTE, s.secretReminderNote());
        g.writeFieldName(SECRET_REMINDER_REPEAT_DAYS);
        if (s.secretReminderRepeatDays() == null) g.writeNull();
        else g.writeNumber(s.secretReminderRepeatDays());
        g.writeFieldName(SKIP_MULTILINE_ENCODING);
        g.writeBoolean(s.skipMultilineEncoding());
        string(g, CREATED_AT, s.createdAt());
        string(g, UPDATED_AT, s.updatedAt());
        string(g, SECRET_PATH, s.secretPath());
        g.writeFieldName(SECRET_VALUE_HIDDEN);
        g.writeBoolean(s.secretValueHidden());
        g.writeFieldName(SECRET_METADATA);
        if (s.secretMetadata() == null) g.writeNull();
        else g.writeRawValue(s.secretMetadata());
        g.writeFieldName(TAGS);
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
