package dev.coffer.server.console;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Handler;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every signed-in console screen goes through: the session cookie to a person (or a redirect to
 * the login page), the CSRF token of every POST (403 without it, before anything is read or written),
 * the screen itself, and its failures as a page with the server's message (a 4xx, never a stack).
 */
final class Console {

    /** One request to a screen: the request, the person, and the submitted form (empty for a GET). */
    record Call(Request req, ConsoleSession.Visitor visitor, Form form) {
        Actor actor() {
            return visitor.actor();
        }

        boolean htmx() {
            return "true".equals(req.header("hx-request"));
        }

        String query(String name) {
            String v = req.query().get(name);
            return v == null ? null : v.strip();
        }
    }

    @FunctionalInterface
    interface Screen {
        Reply show(Call call) throws Exception;
    }

    final Page page = new Page();
    final Assets assets;
    final ConsoleSession session;

    Console(Assets assets, ConsoleSession session) {
        this.assets = assets;
        this.session = session;
    }

    void get(Router r, String template, Screen s) {
        r.add("GET", template, Router.Access.CONSOLE, signedIn(s));
    }

    void post(Router r, String template, Screen s) {
        r.add("POST", template, Router.Access.CONSOLE, signedIn(s));
    }

    private Handler signedIn(Screen screen) {
        return req -> {
            ConsoleSession.Visitor v = session.visitor(req);
            if (v == null) return toLogin(req);
            Form form = "POST".equals(req.method()) ? Form.parse(req.rawBody()) : Form.parse("");
            if ("POST".equals(req.method()) && !session.validCsrf(v, form)) {
                return withCookie(
                        error(
                                v,
                                403,
                                "The form's security token is missing or out of date (it belongs to one session, "
                                        + "and forms from other sites are refused). Go back, reload the page and "
                                        + "submit it again."),
                        v.setCookie());
            }
            Call call = new Call(req, v, form);
            Reply reply;
            try {
                reply = screen.show(call);
            } catch (ApiException.Unauthorized e) {
                return toLogin(req);
            } catch (ApiException e) {
                ErrorMapper.ErrorBody body = ErrorMapper.map("console", e);
                reply = error(v, body.statusCode(), body.message());
            }
            return withCookie(reply, v.setCookie());
        };
    }

    /** A page: the template gets {@code chrome} and {@code view}. */
    Reply render(Call c, int status, String template, Chrome chrome, Object view) {
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome);
        params.put("view", view);
        return page.render(status, template, params, null);
    }

    Chrome chrome(Call c, String title, String section, List<Chrome.Crumb> crumbs, String notice) {
        return new Chrome(title, assets, c.actor().name(), c.visitor().csrf(), crumbs, notice, section);
    }

    Reply error(ConsoleSession.Visitor v, int status, String message) {
        Chrome chrome = new Chrome("Error", assets, v.actor().name(), v.csrf(), List.of(), null, "");
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome);
        params.put("status", status);
        params.put("message", message);
        return page.render(status, "error.jte", params, null);
    }

    private static Reply toLogin(Request req) {
        String next = "GET".equals(req.method()) ? req.path() : "/";
        return Page.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), null);
    }

    private static Reply withCookie(Reply r, String setCookie) {
        if (setCookie == null || r.headers().containsKey("Set-Cookie")) return r;
        Map<String, String> h = new HashMap<>(r.headers());
        h.put("Set-Cookie", setCookie);
        return new Reply(r.status(), r.body(), h);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
