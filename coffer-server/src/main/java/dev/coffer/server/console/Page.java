package dev.coffer.server.console;

import dev.coffer.server.http.Reply;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the console's precompiled templates (src/main/jte, turned into Java classes at build time:
 * no template compiler runs in the server) and puts the headers every console answer carries.
 */
final class Page {

    /** Scripts and styles only from our own files; no inline script or style, no framing, no plugins. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    private static final Map<String, String> SECURITY = Map.of(
            "Content-Security-Policy", CSP,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Page.class.getClassLoader(), "dev.coffer.server.console.templates");

    /** A page: {@code template} (e.g. "projects.jte") with its parameters by name. */
    Reply render(int status, String template, Map<String, Object> params, String setCookie) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        engine.render(template, params, out);
        return html(status, out.toByteArray(), setCookie);
    }

    static Reply html(int status, byte[] body, String setCookie) {
        return new Reply(status, body, headers("text/html; charset=utf-8", setCookie));
    }

    /** A bare text answer (a revealed value, a download) with the same headers. */
    static Reply text(String body, String contentType, Map<String, String> extra) {
        Map<String, String> h = headers(contentType, null);
        h.putAll(extra);
        return new Reply(200, body.getBytes(StandardCharsets.UTF_8), h);
    }

    static Reply redirect(String location, String setCookie) {
        Map<String, String> h = headers("text/plain; charset=utf-8", setCookie);
        h.put("Location", location);
        return new Reply(303, new byte[0], h);
    }

    static Map<String, String> headers(String contentType, String setCookie) {
        Map<String, String> h = new LinkedHashMap<>(SECURITY);
        h.put("Content-Type", contentType);
        if (setCookie != null) h.put("Set-Cookie", setCookie);
        return h;
    }
}
