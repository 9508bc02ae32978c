package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The account and access screens in a real headless Chromium against a real server: one person's
 * scenario, step by step (each step builds on the one before), asserting on what the page shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccessBrowserTest {

    static final String EMAIL = "admin@example.com";
    static final String NEW_PASSWORD = "a brand new passphrase";
    static final String PASSWORD = "another person's passphrase";

    private TestServer server;
    private Fixtures f;
    private Browser browser;
    private String projectPath;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        f.admin();
        browser = Browser.open(server.api().base());
        logIn("correct horse battery");
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void changingThePasswordShowsThePolicyNextToTheFieldAndEndsTheOtherSessions() {
        String elsewhere = apiLogin("correct horse battery");
        browser.follow("My account");
        assertThat(browser.text("table.sessions")).contains("this session");

        browser.type("#current-password", "not my password");
        browser.type("#new-password", NEW_PASSWORD);
        browser.click("form[action='/account/password'] button");
        assertThat(browser.text("#current-password-error")).contains("The current password is wrong");

        browser.type("#current-password", "correct horse battery");
        browser.type("#new-password", "short");
        browser.click("form[action='/account/password'] button");
        assertThat(browser.text("#new-password-error")).contains("must be 12 to");

        browser.type("#current-password", "correct horse battery");
        browser.type("#new-password", NEW_PASSWORD);
        browser.click("form[action='/account/password'] button");
        assertThat(browser.text(".notice")).isEqualTo("Password changed; your other sessions have ended.");
        assertThat(server.api().get("/api/v1/auth/sessions", elsewhere).status())
                .as("the other session ended")
                .isEqualTo(401);
        assertThat(browser.driver.findElements(By.cssSelector("table.sessions tbody tr")))
                .as("only this session is left")
                .hasSize(1);
    }

    @Test
    @Order(2)
    void anotherSessionCanBeEndedAndEndingThisOneLogsOut() {
        String elsewhere = apiLogin(NEW_PASSWORD);
        browser.go("/account");
        assertThat(browser.driver.findElements(By.cssSelector("table.sessions tbody tr")))
                .hasSize(2);
        browser.screenshot("account");
        browser.click("table.sessions tr:not(.current) button");
        assertThat(browser.text(".notice")).isEqualTo("The session has ended.");
        assertThat(server.api().get("/api/v1/auth/sessions", elsewhere).status())
                .isEqualTo(401);

        browser.click("table.sessions tr.current button");
        assertThat(browser.driver.getCurrentUrl()).contains("/login");
        browser.go("/account");
        assertThat(browser.driver.getCurrentUrl()).contains("/login?next=");
        logIn(NEW_PASSWORD);
    }

    @Test
    @Order(3)
    void aMemberGetsSeveralRolesOneOfThemForEightHoursThenOneRoleThenIsRemoved() {
        person("ana@example.com");
        browser.go("/");
        browser.type("#project-name", "shop");
        browser.click(".create button");
        projectPath = browser.driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
        browser.follow("Access");

        browser.type("#member-email", "ana@example.com");
        browser.click("form[action$='/access/members'] button.primary");
        assertThat(browser.text("#member-error")).contains("Choose at least one role");

        browser.type("#member-email", "ana@example.com");
        Select roles = new Select(browser.find("#member-role"));
        roles.selectByValue("member");
        roles.selectByValue("viewer");
        browser.type("#member-temporary", "8h");
        browser.click("form[action$='/access/members'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Member added.");
        assertThat(browser.text("tr[data-email='ana@example.com'] .roles"))
                .startsWith("member until ")
                .contains(", viewer until ");

        String row = "tr[data-email='ana@example.com'] ";
        browser.type(row + "input[name=temporary]", "soon");
        browser.click(row + "form.roles-form button");
        assertThat(browser.text("#row-error")).contains("temporaryRange 'soon' is not a positive duration");

        Select held = new Select(browser.find(row + "select"));
        held.deselectAll();
        held.selectByValue("viewer");
        browser.click(row + "form.roles-form button");
        assertThat(browser.text(".notice")).isEqualTo("Roles changed.");
        assertThat(browser.text(row + ".roles")).isEqualTo("viewer");
        browser.screenshot("access-members");

        browser.click(row + "button.danger");
        assertThat(browser.text(".notice")).isEqualTo("Removed from the project.");
        assertThat(browser.driver.findElements(By.cssSelector(row))).isEmpty();
    }

    @Test
    @Order(4)
    void aCustomRoleIsEditedWithTheRuleEditorAndDeletedOnceNobodyHoldsIt() {
        browser.go(projectPath + "/access");
        browser.type("#role-name", "Reader");
        browser.type("#role-slug", "reader");
        new Select(browser.find("#subject0")).selectByVisibleText("secrets");
        browser.find("input[name=action0][value=read]").click();
        browser.click("form[action$='/access/roles'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Role created.");

        browser.click("tr[data-role='reader'] a");
        assertThat(browser.find("#subject0").getDomProperty("value")).isEqualTo("secrets");
        assertThat(browser.find("input[name=action0][value=read]").isSelected()).isTrue();
        browser.type("#environment0", "dev");
        new Select(browser.find("#subject1")).selectByVisibleText("environments");
        browser.find("input[name=action1][value=read]").click();
        browser.type("#role-name", "Dev reader");
        browser.click("form:not([action$='/delete']) button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Role saved.");
        assertThat(browser.find("#environment0").getDomProperty("value")).isEqualTo("dev");
        assertThat(browser.find("#subject1").getDomProperty("value")).isEqualTo("environments");
        browser.screenshot("role");

        browser.go(projectPath + "/access");
        assertThat(browser.text("tr[data-role='reader']"))
                .contains("Dev reader")
                .contains("\"$eq\":\"dev\"");
        browser.type("#member-email", "ana@example.com");
        new Select(browser.find("#member-role")).selectByValue("reader");
        browser.click("form[action$='/access/members'] button.primary");
        browser.click("tr[data-role='reader'] a");
        browser.click("form[action$='/delete'] button");
        assertThat(browser.text("#delete-error"))
                .contains("Role 'reader' is held by")
                .contains("ana@example.com");

        browser.go(projectPath + "/access");
        browser.click("tr[data-email='ana@example.com'] button.danger");
        browser.click("tr[data-role='reader'] a");
        browser.click("form[action$='/delete'] button");
        assertThat(browser.text(".notice")).isEqualTo("Role deleted.");
        assertThat(browser.body()).doesNotContain("Dev reader");
    }

    @Test
    @Order(5)
    void anIdentityGetsUniversalAuthAndAClientSecretShownOnceThatLogsInUntilRevoked() {
        browser.follow("Machine identities");
        assertThat(browser.text("h1")).isEqualTo("Machine identities");
        browser.type("#identity-name", "ci-runner");
        browser.click("form[action='/identities'] button.primary");
        assertThat(browser.text("h1")).startsWith("ci-runner");
        String identityPath = browser.driver
                .getCurrentUrl()
                .replaceFirst("^https?://[^/]+", "")
                .replaceFirst("\\?.*", "");
        browser.click("form[action$='/universal-auth'] button");
        assertThat(browser.text(".notice")).startsWith("Universal auth added.");
        String clientId = browser.find("#client-id").getDomProperty("value");

        browser.type("#secret-description", "github actions");
        browser.click("form[action$='/client-secrets'] button.primary");
        String secret = browser.find("#client-secret").getDomProperty("value");
        assertThat(secret).hasSize(64);
        browser.find("[data-copy]").click();
        assertThat(browser.text("[data-copy]")).isIn("Copied", "Selected: press Ctrl+C");
        browser.screenshot("identity");
        assertThat(machineLogin(clientId, secret)).isEqualTo(200);

        browser.go(identityPath);
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);
        assertThat(browser.text("table.client-secrets"))
                .contains(secret.substring(0, 4) + "…")
                .contains("github actions");
        browser.click("table.client-secrets button.danger");
        assertThat(browser.text(".notice")).isEqualTo("Client secret revoked.");
        assertThat(machineLogin(clientId, secret)).isEqualTo(401);
    }

    @Test
    @Order(6)
    void anIdentityIsAddedToAProjectWithARole() {
        browser.go(projectPath + "/access");
        new Select(browser.find("#identity-id")).selectByVisibleText("ci-runner");
        new Select(browser.find("#identity-role")).selectByValue("viewer");
        browser.click("form[action$='/access/identities'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Identity added.");
        assertThat(browser.text("tr[data-identity='ci-runner'] .roles")).isEqualTo("viewer");
    }

    @Test
    @Order(7)
    void aServiceTokenIsShownOnceWorksForTheApiAndStopsWhenRevoked() {
        browser.go(projectPath);
        browser.follow("Service tokens");
        assertThat(browser.text(".empty")).contains("No service tokens");
        browser.type("#token-name", "deploy");
        new Select(browser.find("#environment0")).selectByValue("dev");
        browser.type("#secretPath0", "/api/**");
        new Select(browser.find("#environment1")).selectByValue("prod");
        browser.find("input[name=permission][value=write]").click();
        browser.click("form[action$='/tokens'] button.primary");
        String token = browser.find("#service-token").getDomProperty("value");
        assertThat(token).startsWith("st.");
        assertThat(browser.text("tr[data-token='deploy']"))
                .contains("dev /api/**, prod /**")
                .contains("read and write");
        browser.screenshot("tokens");
        assertThat(server.api().get("/api/v2/service-token", token).status()).isEqualTo(200);

        browser.go(projectPath + "/tokens");
        assertThat(browser.driver.getPageSource()).doesNotContain(token);
        browser.click("tr[data-token='deploy'] button.danger");
        assertThat(browser.text(".notice")).isEqualTo("Service token revoked.");
        assertThat(server.api().get("/api/v2/service-token", token).status()).isEqualTo(401);
    }

    private int machineLogin(String clientId, String secret) {
        return server.api()
                .post("/api/v1/auth/universal-auth/login", null, Map.of("clientId", clientId, "clientSecret", secret))
                .status();
    }

    /** A person of the organization: invited by the admin and accepted, with the password {@code PASSWORD}. */
    private void person(String email) {
        f.person(email, PASSWORD);
    }

    private void logIn(String password) {
        browser.go("/login");
        browser.type("#email", EMAIL);
        browser.type("#password", password);
        browser.click("button[type=submit]");
        assertThat(browser.text("h1")).isEqualTo("Projects");
    }

    private String apiLogin(String password) {
        Api.Response r = server.api().post("/api/v1/auth/login", null, Map.of("email", EMAIL, "password", password));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/accessToken").asText();
    }
}
