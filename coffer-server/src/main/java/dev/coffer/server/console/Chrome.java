package dev.coffer.server.console;

import java.util.List;

/**
 * What every console page shows around its content: title, asset names, the signed-in person (null
 * on the login page), the CSRF token for its forms, breadcrumbs and a one-line notice.
 */
public record Chrome(
        String title, Assets assets, String email, String csrf, List<Crumb> crumbs, String notice, String section) {

    /** One step of the breadcrumbs; the last has no link. */
    public record Crumb(String label, String href) {}

    public boolean signedIn() {
        return email != null;
    }

    Chrome with(List<Crumb> c) {
        return new Chrome(title, assets, email, csrf, c, notice, section);
    }
}
