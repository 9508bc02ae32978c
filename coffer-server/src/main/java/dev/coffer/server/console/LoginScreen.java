package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import dev.coffer.server.users.Invitations;
import dev.coffer.server.users.Sessions;
import dev.coffer.server.users.UserLogins;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Logging in and out. The login goes through the API's {@link UserLogins}: the same checks, the same
 * answer for an unknown email and a wrong password, and the same lockout counters, so failures in the
 * console and through the API add up.
 */
final class LoginScreen {

    private final Console console;
    private final UserLogins logins;
    private final Invitations invitations;

    LoginScreen(Console console, UserLogins logins, Invitations invitations) {
        this.console = console;
        this.logins = logins;
        this.invitations = invitations;
    }

    void register(Router r) {
        r.add("GET", "/login", Router.Access.PUBLIC, req -> {
            ConsoleSession.Visitor signedIn = console.session.visitor(req);
            if (signedIn != null) return Page.redirect(next(req.query().get("next")), signedIn.setCookie());
            return form(req, 200, new Views.Login(next(req.query().get("next")), "", null));
        });
        r.add("POST", "/login", Router.Access.CONSOLE, req -> {
            Form f = Form.parse(req.rawBody());
            String next = next(f.get("next"));
            String email = f.get("email", "");
            if (!console.session.validLoginCsrf(req, f)) {
                return form(req, 403, new Views.Login(next, email, "The login form expired; submit it again."));
            }
            try {
                Sessions.Tokens t = logins.login(email, f.get("password", ""), null, req.clientIp(), req.userAgent());
                return Page.redirect(next, console.session.cookie(t, ConsoleSession.secure(req)));
            } catch (ApiException e) {
                ErrorMapper.ErrorBody b = ErrorMapper.map("console", e);
                return form(req, b.statusCode(), new Views.Login(next, email, b.message()));
            }
        });
        // accepting an invitation: the link an admin was shown; choose a password (or give yours) and you are in
        r.add("GET", "/login/invite", Router.Access.PUBLIC, req -> {
            String token = req.query().get("token");
            return invite(
                    req,
                    token == null ? 400 : 200,
                    new Views.Invite(
                            token == null ? "" : token,
                            token == null ? "This link has no invitation token; ask for the link again." : null));
        });
        r.add("POST", "/login/invite", Router.Access.CONSOLE, req -> {
            Form f = Form.parse(req.rawBody());
            String token = f.get("token", "");
            if (!console.session.validLoginCsrf(req, f)) {
                return invite(req, 403, new Views.Invite(token, "The form expired; submit it again."));
            }
            try {
                Invitations.Accepted a =
                        invitations.accept(token, f.get("password", ""), req.clientIp(), req.userAgent());
                return Page.redirect("/", console.session.cookie(a.session(), ConsoleSession.secure(req)));
            } catch (ApiException e) {
                ErrorMapper.ErrorBody b = ErrorMapper.map("console", e);
                return invite(req, b.statusCode(), new Views.Invite(token, b.message()));
            }
        });
        console.post(r, "/logout", c -> {
            logins.logout(c.actor());
            return Page.redirect("/login", ConsoleSession.cleared(ConsoleSession.secure(c.req())));
        });
    }

    private Reply form(Request req, int status, Views.Login view) {
        return anonymous(req, status, "Log in", "login.jte", view);
    }

    private Reply invite(Request req, int status, Views.Invite view) {
        return anonymous(req, status, "Accept an invitation", "invite.jte", view);
    }

    /** A page for someone not signed in, its form bound to a new pre-session cookie. */
    private Reply anonymous(Request req, int status, String title, String template, Object view) {
        String nonce = ConsoleSession.newLoginNonce();
        Map<String, Object> params = new HashMap<>();
        params.put(
                "chrome",
                new Chrome(title, console.assets, null, console.session.loginCsrf(nonce), List.of(), null, ""));
        params.put("view", view);
        Reply page = console.page.render(status, template, params, null);
        Map<String, String> h = new HashMap<>(page.headers());
        h.put("Set-Cookie", ConsoleSession.loginCookie(nonce, ConsoleSession.secure(req)));
        return new Reply(status, page.body(), h);
    }

    /** Only a path of this server: anything else (another site, a protocol-relative URL) goes home. */
    static String next(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) return "/";
        for (int i = 0; i < next.length(); i++) if (next.charAt(i) < 0x20) return "/";
        return next;
    }
}
