package dev.coffer.server.docs;

import dev.coffer.server.http.Router;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The API reference as one plain HTML page: the routes grouped by tag, each with its method, path,
 * whether it needs a token, and its summary. No script and nothing from another origin; the only style
 * is inline, allowed by its hash in the page's Content-Security-Policy, which allows nothing else.
 */
public final class ReferencePage {

    private static final String STYLE = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;"
            + "padding:0 1em;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
            + "th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}"
            + "code{font:13px ui-monospace,monospace}.m{font-weight:600;width:5em}.a{width:6em}";

    /** The Content-Security-Policy the page is served with. */
    public static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private ReferencePage() {}

    public static String render(List<Router.RouteInfo> routes, String version) {
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Coffer API reference</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n<h1>Coffer API reference</h1>\n<p>Version ")
                .append(escape(version))
                .append(". Every route this server serves, from its own route table. The same as an OpenAPI 3.1 ")
                .append("document: <a href=\"")
                .append(DocsRoutes.DOCUMENT)
                .append("\"><code>")
                .append(DocsRoutes.DOCUMENT)
                .append("</code></a>. Routes marked <em>token</em> need ")
                .append("<code>Authorization: Bearer &lt;access token&gt;</code>; errors are ")
                .append("<code>{reqId, statusCode, message, error, details}</code>.</p>\n");
        for (Map.Entry<String, List<OpenApi.Operation>> group :
                OpenApi.byTag(routes).entrySet()) {
            h.append("<h2>")
                    .append(escape(group.getKey()))
                    .append("</h2>\n<p>")
                    .append(escape(RouteCatalog.TAGS.get(group.getKey())))
                    .append("</p>\n<table><tr><th>Method</th><th>Path</th><th>Auth</th><th>Summary</th></tr>\n");
            for (OpenApi.Operation op : group.getValue()) {
                h.append("<tr><td class=\"m\">")
                        .append(escape(op.method()))
                        .append("</td><td><code>")
                        .append(escape(op.template()))
                        .append("</code></td><td class=\"a\">")
                        .append(op.authenticated() ? "token" : "public")
                        .append("</td><td>")
                        .append(escape(op.summary()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
