package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
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
 * A person uses the console in a real headless Chromium against a real server: one scenario, step by
 * step (each step builds on the one before), asserting on what the page shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private TestServer server;
    private Browser browser;
    private String projectPath;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
        new Fixtures(server.api()).admin(); // admin@example.com, the instance's first user
        browser = Browser.open(server.api().base());
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void aVisitorIsSentToTheLoginPageAndAWrongPasswordIsShownNextToTheForm() {
        browser.go("/");
        assertThat(browser.driver.getCurrentUrl()).contains("/login");
        browser.type("#email", "admin@example.com");
        browser.type("#password", "not the password");
        browser.click("button[type=submit]");
        assertThat(browser.text("#login-error")).contains("Invalid credentials");
        browser.screenshot("login");
    }

    @Test
    @Order(2)
    void loggingInShowsTheProjectsAndCreatingOneOpensItsEmptyMatrix() {
        browser.type("#password", "correct horse battery");
        browser.click("button[type=submit]");
        assertThat(browser.text("h1")).isEqualTo("Projects");
        assertThat(browser.text(".empty")).contains("No projects yet");
        browser.type("#project-name", "shop");
        browser.click(".create button");
        assertThat(browser.text("h1")).startsWith("shop");
        assertThat(browser.text(".empty")).contains("No secrets in / of any environment");
        projectPath = browser.driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
    }

    @Test
    @Order(3)
    void secretsAddedInTwoEnvironmentsShowInTheMatrixWithTheDifferenceMarked() {
        browser.follow("Development");
        assertThat(browser.text(".empty")).contains("No secrets in / of dev — add one or import a .env file");
        addSecret("API_URL", "https://dev.example", "where the API is");
        addSecret("SHARED", "same everywhere", "");
        browser.follow("Production");
        addSecret("API_URL", "https://prod.example", "where the API is");
        addSecret("SHARED", "same everywhere", "");
        addSecret("ONLY_PROD", "line one\nline two", "multi-line");
        browser.go(projectPath + "/env/prod");
        browser.screenshot("folder");

        browser.go(projectPath);
        assertThat(browser.text("tr[data-key='API_URL'] .verdict")).isEqualTo("differ");
        assertThat(browser.find("tr[data-key='API_URL']").getAttribute("class")).contains("differs");
        assertThat(browser.text("tr[data-key='SHARED'] .verdict")).isEqualTo("same");
        assertThat(browser.text("tr[data-key='ONLY_PROD']")).contains("missing");
        assertThat(browser.text("#matrix-summary"))
                .contains("3 keys")
                .contains("1 differ")
                .contains("3 missing somewhere"); // staging has none of them
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-key='ONLY_PROD'] td.missing")))
                .hasSize(2);
        browser.screenshot("matrix");
    }

    @Test
    @Order(4)
    void aValueIsNotInThePageUntilRevealed() {
        browser.go(projectPath);
        browser.click("tr[data-key='API_URL'] td.present a[href*='/env/prod']");
        assertThat(browser.driver.getPageSource()).doesNotContain("https://prod.example");
        browser.find("#s-API_URL button").click();
        assertThat(browser.waitForText("#s-API_URL .hidden-value", "https://prod.example"))
                .contains("https://prod.example");
    }

    @Test
    @Order(5)
    void editingAValueAddsAVersionAndRollingBackRestoresTheOldValue() {
        browser.follow("API_URL");
        browser.type("#edit-value", "https://new.example");
        browser.click("form[action$='/secrets'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Saved.");
        assertThat(browser.text("h1")).contains("v2");
        assertThat(browser.text(".versions")).contains("v1").contains("v2").contains("admin@example.com");
        browser.screenshot("secret");

        browser.click("button[aria-label='Roll back to version 1']");
        assertThat(browser.text(".notice")).isEqualTo("Rolled back to version 1.");
        assertThat(browser.text("h1")).contains("v3");
        browser.find("form[action$='/reveal'] button").click();
        assertThat(browser.waitForText("h1 + .panels .hidden-value", "https://prod.example"))
                .contains("https://prod.example");
    }

    @Test
    @Order(6)
    void aPastedEnvFileIsPreviewedThenApplied() {
        browser.go(projectPath + "/env/prod");
        browser.type(
                "#dotenv",
                "# from the old server\nAPI_URL=https://prod.example\nNEW_ONE=1\nSHARED=changed\nnot a line\n");
        browser.click("button[value=preview]");
        String plan = browser.text("#import-plan");
        assertThat(plan).contains("1 to create, 1 to change, 2 skipped");
        assertThat(plan).contains("create NEW_ONE").contains("change SHARED").contains("skip API_URL (unchanged)");
        assertThat(plan).contains("skip line 5: this line is not a KEY=value assignment");
        browser.screenshot("import-preview");
        browser.click("button[value=apply]");
        assertThat(browser.text(".notice")).contains("1 created, 1 changed, 2 skipped");
        assertThat(browser.text("table.secrets")).contains("NEW_ONE");
    }

    @Test
    @Order(7)
    void theAuditViewFindsTheConsoleEventsBySecretName() {
        browser.follow("Audit log");
        browser.type("#secret", "API_URL");
        browser.type("#environment", "prod");
        browser.click(".filters button.primary");
        String events = browser.text("table.audit");
        assertThat(events).contains("get-secret").contains("rollback-secret").contains("admin@example.com");
        browser.screenshot("audit");
    }

    @Test
    @Order(8)
    void anAdminWritesACustomRoleInvitesSomeoneAndGivesThemTheRole() {
        browser.go(projectPath + "/access");
        browser.type("#role-name", "Dev editor");
        browser.type("#role-slug", "dev-editor");
        new Select(browser.find("#subject0")).selectByVisibleText("secrets");
        browser.find("input[name=action0][value=read]").click();
        new Select(browser.find("#subject1")).selectByVisibleText("secrets");
        browser.find("input[name=action1][value=create]").click();
        browser.find("input[name=action1][value=edit]").click();
        browser.type("#environment1", "dev");
        new Select(browser.find("#subject2")).selectByVisibleText("secret-folders");
        browser.find("input[name=action2][value=read]").click();
        new Select(browser.find("#subject3")).selectByVisibleText("environments");
        browser.find("input[name=action3][value=read]").click();
        new Select(browser.find("#subject4")).selectByVisibleText("settings");
        browser.find("input[name=action4][value=read]").click();
        browser.click("form[action$='/access/roles'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Role created.");
        assertThat(browser.text(".roles-table")).contains("dev-editor").contains("Dev editor");

        browser.type("#invite-email", "ana@example.com");
        browser.click("form[action$='/access/invite'] button.primary");
        String link = browser.find("#invite-link input").getAttribute("value");
        assertThat(link).contains("/login/invite?token=ci.");
        browser.screenshot("access");

        try (Browser ana = Browser.open(server.api().base())) {
            ana.driver.get(link);
            ana.type("#invite-password", "Ana's own passphrase");
            ana.click("button[type=submit]");
            assertThat(ana.text("h1")).isEqualTo("Projects");
            assertThat(ana.text(".empty")).contains("No projects yet");
        }

        browser.type("#member-email", "ana@example.com");
        new Select(browser.find("#member-role")).selectByValue("dev-editor");
        browser.click("form[action$='/access/members'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Member added.");
        assertThat(browser.text("tr[data-email='ana@example.com'] .roles")).isEqualTo("dev-editor");
    }

    @Test
    @Order(9)
    void aMemberWithTheCustomRoleIsRefusedInProductionAndAllowedInDevelopment() {
        try (Browser ana = Browser.open(server.api().base())) {
            ana.go("/login");
            ana.type("#email", "ana@example.com");
            ana.type("#password", "Ana's own passphrase");
            ana.click("button[type=submit]");
            ana.follow("shop");
            ana.go(projectPath + "/env/prod");
            assertThat(ana.text("table.secrets")).contains("API_URL");
            ana.type("#new-key", "ANA_WAS_HERE");
            ana.type("#new-value", "nope");
            ana.click("form[action$='/secrets'] button.primary");
            assertThat(ana.text("#key-error")).contains("does not allow creating secrets in environment 'prod'");
            assertThat(ana.find("#new-key").getDomProperty("value")).isEqualTo("ANA_WAS_HERE");
            assertThat(ana.find("#new-value").getDomProperty("value")).isEmpty();
            assertThat(ana.text("table.secrets")).doesNotContain("ANA_WAS_HERE");
            ana.screenshot("denied");

            ana.go(projectPath + "/env/dev");
            ana.type("#new-key", "ANA_WAS_HERE");
            ana.type("#new-value", "yes");
            ana.click("form[action$='/secrets'] button.primary");
            assertThat(ana.text(".notice")).isEqualTo("Added ANA_WAS_HERE.");
        }
    }

    @Test
    @Order(10)
    void thePagesFitAPhoneScreenAndLoggingOutEndsTheSession() {
        browser.size(390, 844);
        browser.go(projectPath);
        assertThat(browser.text("h1")).startsWith("shop");
        browser.screenshot("matrix-phone");
        browser.size(1280, 800);
        browser.click(".top form button");
        assertThat(browser.driver.getCurrentUrl()).contains("/login");
        browser.go(projectPath);
        assertThat(browser.driver.getCurrentUrl()).contains("/login?next=");
    }

    private void addSecret(String key, String value, String comment) {
        browser.type("#new-key", key);
        browser.type("#new-value", value);
        browser.type("#new-comment", comment);
        browser.click("form[action$='/secrets'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Added " + key + ".");
        assertThat(browser.text("#s-" + key)).contains(key);
    }
}
