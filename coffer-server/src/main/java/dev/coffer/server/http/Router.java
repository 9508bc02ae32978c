package dev.coffer.server.http;

import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps method and path to a handler. Templates are literal segments and {@code {name}} parameters;
 * trailing slashes are ignored; where two templates match, the one with a literal segment earlier
 * wins ({@code /projects/slug/{slug}} beats {@code /projects/{id}/tags} for {@code /projects/slug/x}).
 * Path parameters are percent-decoded after splitting, so an encoded {@code /} stays inside its
 * segment and is then rejected by name validation instead of changing the route.
 */
public final class Router {

    /** Whether a route needs an authenticated caller. */
    public enum Access {
        PUBLIC,
        AUTHENTICATED,
        /**
         * A web console page: no bearer token (the console reads its session cookie itself and notes the
         * person in the audit scope), and audited like an authenticated route, reads included.
         */
        CONSOLE
    }

    record Route(String method, String[] segments, Access access, Handler handler, String template) {
        boolean literalAt(int i) {
            return !segments[i].startsWith("{");
        }
    }

    /** A registered route as the route table lists it, e.g. {@code GET /api/v1/folders/{id}}. */
    public record RouteInfo(String method, String template, boolean authenticated) {}

    /** A matched route with its decoded parameters. */
    public record Match(Access access, Handler handler, Map<String, String> params, String template) {}

    private final Map<String, List<Route>> byMethodAndLength = new HashMap<>();

    public Router get(String template, Handler h) {
        return add("GET", template, Access.AUTHENTICATED, h);
    }

    public Router post(String template, Handler h) {
        return add("POST", template, Access.AUTHENTICATED, h);
    }

    public Router patch(String template, Handler h) {
        return add("PATCH", template, Access.AUTHENTICATED, h);
    }

    public Router delete(String template, Handler h) {
        return add("DELETE", template, Access.AUTHENTICATED, h);
    }

    public Router add(String method, String template, Access access, Handler handler) {
        String[] segs = split(template);
        Route route = new Route(method, segs, access, handler, "/" + String.join("/", segs));
        List<Route> list = byMethodAndLength.computeIfAbsent(method + " " + segs.length, k -> new ArrayList<>());
        list.add(route);
        list.sort(Comparator.comparing(Router::specificity).reversed());
        return this;
    }

    private static String specificity(Route r) {
        StringBuilder sb = new StringBuilder(r.segments.length);
        for (int i = 0; i < r.segments.length; i++) sb.append(r.literalAt(i) ? '1' : '0');
        return sb.toString();
    }

    /**
     * Every registered route of the API (under {@code /api}), for tests that sweep the whole table (e.g.
     * "every route needs a token") and for the API reference; the web console's pages are not the API.
     */
    public List<RouteInfo> routes() {
        List<RouteInfo> out = new ArrayList<>();
        for (List<Route> list : byMethodAndLength.values()) {
            for (Route r : list) {
                if (!r.template().startsWith("/api/")) continue;
                out.add(new RouteInfo(r.method(), r.template(), r.access() == Access.AUTHENTICATED));
            }
        }
        out.sort(Comparator.comparing(RouteInfo::template).thenComparing(RouteInfo::method));
        return out;
    }

    /** Finds the route for a raw (still percent-encoded) path, or null when none matches. */
    public Match match(String method, String rawPath) {
        String[] segs = split(rawPath);
        List<Route> candidates = byMethodAndLength.get(method + " " + segs.length);
        if (candidates == null) return null;
        outer:
        for (Route r : candidates) {
            for (int i = 0; i < segs.length; i++) {
                if (r.literalAt(i) && !r.segments[i].equals(segs[i])) continue outer;
            }
            Map<String, String> params = new HashMap<>(4);
            for (int i = 0; i < segs.length; i++) {
                if (!r.literalAt(i)) {
                    String name = r.segments[i].substring(1, r.segments[i].length() - 1);
                    params.put(name, decode(segs[i]));
                }
            }
            return new Match(r.access, r.handler, params, r.template);
        }
        return null;
    }

    /** Whether some method serves this path, to tell 405 from 404. */
    public boolean knowsPath(String rawPath) {
        for (String m : List.of("GET", "POST", "PATCH", "PUT", "DELETE")) {
            if (match(m, rawPath) != null) return true;
        }
        return false;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        try {
            String decoded = Text.percentDecode(segment, false); // '+' is literal in a path
            if (decoded.indexOf('\0') >= 0)
                throw new ApiException.BadRequest("The URL path contains a NUL (%00) character.");
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(
                    "The URL path has a malformed percent-encoding or is not UTF-8; encode names as UTF-8.");
        }
    }

    private static String[] split(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') end--;
        String p = path.substring(0, end);
        if (p.isEmpty() || p.equals("/")) return new String[0];
        if (p.startsWith("/")) p = p.substring(1);
        return p.split("/", -1);
    }
}
