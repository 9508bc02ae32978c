package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.users.Sessions;
import dev.coffer.server.users.UserLogins;
import java.time.Instant;
import java.util.List;

/**
 * My account: changing the password (the API's {@link UserLogins#changePassword}: the same policy, the
 * same messages, the same lockout counter, and the person's other sessions end while this one stays)
 * and the person's own sessions (the API's list: when made, last refreshed, from where, with what),
 * each of which can be ended; ending the one in use logs out.
 */
final class AccountScreen {

    private final Console console;
    private final UserLogins logins;
    private final Sessions sessions;

    AccountScreen(Console console, UserLogins logins, Sessions sessions) {
        this.console = console;
        this.logins = logins;
        this.sessions = sessions;
    }

    void register(Router r) {
        console.get(r, "/account", c -> page(c, 200, null, null));
        console.post(r, "/account/password", c -> {
            try {
                logins.changePassword(
                        c.actor(), c.form().get("currentPassword"), c.form().get("newPassword"));
                return Page.redirect("/account?done=password", null);
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), passwordField(e), e.getMessage());
            }
        });
        console.post(r, "/account/sessions/revoke", c -> {
            String id = c.form().get("sessionId", "");
            try {
                sessions.revoke(c.actor(), id);
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), "session", e.getMessage());
            }
            if (id.equals(c.actor().credentialId())) {
                return Page.redirect("/login", ConsoleSession.cleared(ConsoleSession.secure(c.req())));
            }
            return Page.redirect("/account?done=revoked", null);
        });
    }

    /** Which field a refused password change is about: the new password's policy, or the current one. */
    private static String passwordField(ApiException e) {
        if (e instanceof ApiException.Validation v
                && v.issues().stream().anyMatch(i -> "newPassword".equals(i.path()))) {
            return "newPassword";
        }
        return "currentPassword";
    }

    private Reply page(Console.Call c, int status, String field, String error) {
        List<Views.SessionItem> items = sessions.mine(c.actor()).stream()
                .map(s -> new Views.SessionItem(
                        s.id(),
                        when(s.createdAt()),
                        when(s.lastUsedAt()),
                        when(s.expiresAt()),
                        s.ip() == null ? "" : s.ip(),
                        s.userAgent() == null ? "" : s.userAgent(),
                        s.current()))
                .toList();
        String done = c.query("done");
        String notice = done == null
                ? null
                : switch (done) {
                    case "password" -> "Password changed; your other sessions have ended.";
                    case "revoked" -> "The session has ended.";
                    default -> null;
                };
        return console.render(
                c,
                status,
                "account.jte",
                console.chrome(c, "My account", "account", List.of(), notice),
                new Views.Account(c.actor().name(), items, field, error));
    }

    private static String when(long millis) {
        return FolderScreen.WHEN.format(Instant.ofEpochMilli(millis));
    }
}
