package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import org.junit.jupiter.api.Test;

/** Nobody grants an organization role above their own: no-access < member < admin. */
class RoleCeilingTest {

    static Actor user(String orgRole) {
        return new Actor(Actor.Kind.USER, "u", "ana@example.com", "org", orgRole, "s", "127.0.0.1", "");
    }

    @Test
    void aMemberMayGrantMemberOrNoAccessButNotAdmin() {
        assertThatCode(() -> Organizations.requireNotAbove(user("member"), "member"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Organizations.requireNotAbove(user("member"), "no-access"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Organizations.requireNotAbove(user("member"), "admin"))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessageContaining("cannot grant the higher role 'admin'");
    }

    @Test
    void anAdminMayGrantEveryRoleAndAnUnknownOwnRoleGrantsOnlyNoAccess() {
        assertThatCode(() -> Organizations.requireNotAbove(user("admin"), "admin"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Organizations.requireNotAbove(user("custom"), "member"))
                .isInstanceOf(ApiException.Forbidden.class);
    }
}
