package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Authorizer over a real database, on its own: what its answers say, how listings are filtered,
 * and that its membership cache changes only when the invalidator (or the cache's time bound) says so.
 * Memberships are changed through a running server, whose invalidations this Authorizer does not hear.
 */
class AuthorizerTest {

    private final TestClock clock = new TestClock();
    private final Invalidator invalidator = new Invalidator();
    private TestServer server;
    private Database db;
    private Fixtures f;
    private Authorizer authorizer;
    private ProjectRef project;
    private Actor viewer;

    @BeforeEach
    void aProjectWithAViewer() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        String id = f.project("Ledger");
        project = new ProjectRef(id, "Ledger", f.admin().orgId());
        Fixtures.Machine m = f.machine("reporting", "member");
        f.member(id, m.id(), "viewer");
        viewer = new Actor(Actor.Kind.IDENTITY, m.id(), "reporting", f.admin().orgId(), "member", "t", "127.0.0.1", "");
        db = Database.sqlite(server.sqliteFile(), invalidator);
        authorizer = new Authorizer(db, invalidator, clock);
    }

    @AfterEach
    void stop() {
        db.close();
        server.close();
    }

    private Resource secret(String env, String path, String name) {
        return Resource.at(Subject.SECRETS, project, env, path).secret(name, List.of());
    }

    private void setRole(String role) {
        Api.Response r = server.api()
                .patch(
                        "/api/v2/workspace/" + project.id() + "/identity-memberships/" + viewer.id(),
                        f.admin().token(),
                        Map.of("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aRefusalNamesTheRoleTheActionAndExactlyWhatWasAskedFor() {
        assertThatThrownBy(() -> authorizer.require(viewer, Action.EDIT, secret("prod", "/api", "DB_PASSWORD")))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessageContaining("'viewer'")
                .hasMessageContaining("'Ledger'")
                .hasMessageContaining("changing secrets ('DB_PASSWORD') in environment 'prod' at '/api'")
                .hasMessageContaining(viewer.id());
        assertThatThrownBy(
                        () -> authorizer.require(viewer, Action.DELETE, Resource.inProject(Subject.MEMBERS, project)))
                .hasMessageContaining("deleting project members.");
    }

    @Test
    void anotherOrganizationsProjectIsNotFoundAndNeverAllowed() {
        Actor stranger = new Actor(Actor.Kind.IDENTITY, viewer.id(), "x", "another-org", "admin", "t", "127.0.0.1", "");

        assertThatThrownBy(() -> authorizer.require(stranger, Action.READ, secret("dev", "/", "K")))
                .isInstanceOf(ApiException.NotFound.class);
        assertThat(authorizer.allows(stranger, Action.READ, secret("dev", "/", "K")))
                .isFalse();
        assertThat(authorizer.filter(
                        stranger,
                        Action.READ,
                        Resource.at(Subject.SECRETS, project, "dev", "/"),
                        List.of("K"),
                        k -> secret("dev", "/", k)))
                .isEmpty();
    }

    @Test
    void organizationSubjectsFollowTheOrganizationRole() {
        assertThat(authorizer.allows(viewer, Action.CREATE, Resource.inOrg(Subject.PROJECTS, viewer.orgId())))
                .isTrue();
        assertThat(authorizer.allows(viewer, Action.READ, Resource.inOrg(Subject.IDENTITIES, viewer.orgId())))
                .isFalse();
        assertThatThrownBy(() -> authorizer.require(viewer, Action.CREATE, Resource.inOrg(Subject.IDENTITIES, "other")))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessageContaining("another organization");
    }

    @Test
    void aListingShowsAMemberEverythingItMayReadAndANonMemberNothing() {
        Resource place = Resource.at(Subject.SECRETS, project, "dev", "/");
        List<String> keys = List.of("A", "B");
        assertThat(authorizer.filter(viewer, Action.READ, place, keys, k -> secret("dev", "/", k)))
                .containsExactly("A", "B");
        assertThat(authorizer.filter(viewer, Action.EDIT, place, keys, k -> secret("dev", "/", k)))
                .isEmpty();

        Actor outsider = new Actor(
                Actor.Kind.IDENTITY,
                "00000000-0000-0000-0000-000000000000",
                "o",
                viewer.orgId(),
                "member",
                "t",
                "127.0.0.1",
                "");
        assertThat(authorizer.filter(outsider, Action.READ, place, keys, k -> secret("dev", "/", k)))
                .isEmpty();
        assertThat(authorizer.allows(outsider, Action.READ, secret("dev", "/", "A")))
                .isFalse();
        assertThat(authorizer.allows(viewer, Action.READ, secret("dev", "/", "A")))
                .isTrue();
    }

    @Test
    void aCachedRoleChangesOnlyWhenItsMembershipProjectOrIdentityIsInvalidated() {
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isFalse();

        setRole("member");
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .as("still cached")
                .isFalse();
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.MEMBERSHIP, "someone|else"));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .as("another key")
                .isFalse();
        invalidator.deliver(
                new Invalidator.Key(Invalidator.Topic.MEMBERSHIP, Authorizer.membershipKey(project.id(), viewer.id())));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isTrue();

        setRole("viewer");
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.PROJECT, "another-project"));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .as("another project")
                .isTrue();
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.PROJECT, project.id()));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isFalse();

        setRole("member");
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.IDENTITY, "another-identity"));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .as("another identity")
                .isFalse();
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.IDENTITY, viewer.id()));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isTrue();

        setRole("no-access");
        invalidator.flushAll();
        assertThatThrownBy(() -> authorizer.require(viewer, Action.READ, secret("dev", "/", "K")))
                .hasMessageContaining("'no-access'");
    }

    @Test
    void withoutAnInvalidationARoleIsReloadedAfterThirtySecondsAndNotBefore() {
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isFalse();
        setRole("member");

        clock.advance(Duration.ofMillis(29_999));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(authorizer.allows(viewer, Action.EDIT, secret("dev", "/", "K")))
                .isTrue();
    }
}
