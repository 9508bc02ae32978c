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
import org.openqa.selenium.support.ui.Select;

/**
 * A person works with a secret's history in a real headless Chromium against a real server: tags,
 * version diffs, commits and point-in-time recovery, imports and references, the audit detail. One
 * scenario, step by step; the project and its first secrets are made through the API beforehand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHistoryBrowserTest {

    private TestServer server;
    private Browser browser;
    private Fixtures f;
    private String project;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        f.admin();
        project = f.project("shop");
        f.secret(project, "prod", "/", "DB_URL", "postgres://db.internal/shop");
        f.secret(project, "prod", "/", "DB_PASSWORD", "first password");
        f.secret(project, "prod", "/", "API_KEY", "key-1");
        browser = Browser.open(server.api().base());
        browser.go("/login");
        browser.type("#email", "admin@example.com");
        browser.type("#password", "correct horse battery");
        browser.click("button[type=submit]");
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private String folder() {
        return "/projects/" + project + "/env/prod";
    }

    private String secret(String key) {
        return folder() + "/secret?path=%2F&key=" + key;
    }

    @Test
    @Order(1)
    void aTagIsCreatedSetOnSecretsShownInTheFolderAndFiltersIt() {
        browser.go(secret("DB_PASSWORD"));
        assertThat(browser.text("#tags")).contains("This project has no tags yet");
        browser.type("#tag-slug", "database");
        browser.type("#tag-name", "Database");
        new Select(browser.find("#tag-color")).selectByVisibleText("blue");
        browser.click("form[action$='/tags/new'] button");
        assertThat(browser.text(".notice")).isEqualTo("Tag database created.");
        browser.type("#tag-slug", "rotate-monthly");
        new Select(browser.find("#tag-color")).selectByVisibleText("orange");
        browser.click("form[action$='/tags/new'] button");
        browser.find("#tags input[type=checkbox]").click(); // Database
        browser.click("form[action$='/tags'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Tags saved.");
        assertThat(browser.text("#carried-tags")).isEqualTo("Database");

        browser.go(secret("DB_URL"));
        browser.find("#tags input[type=checkbox]").click();
        browser.click("form[action$='/tags'] button.primary");
        browser.go(folder());
        assertThat(browser.text("#s-DB_PASSWORD .tags")).isEqualTo("Database");
        assertThat(browser.text("#s-API_KEY .tags")).isEmpty();
        assertThat(browser.find("#s-DB_URL .tags a").getAttribute("class")).isEqualTo("tag tag-blue");
        browser.screenshot("tags");

        browser.click(".tag-filter a.tag");
        assertThat(browser.text("table.secrets"))
                .contains("DB_PASSWORD")
                .contains("DB_URL")
                .doesNotContain("API_KEY");
        browser.follow("Show all");
        assertThat(browser.text("table.secrets")).contains("API_KEY");
    }

    @Test
    @Order(2)
    void twoVersionsAreComparedAndTheValueChangeAppearsOnlyAfterTheReveal() {
        browser.go(secret("DB_PASSWORD"));
        browser.type("#edit-value", "second password");
        browser.type("#edit-comment", "rotated in December");
        browser.click("form[action$='/secrets'] button.primary");
        assertThat(browser.text(".notice")).isEqualTo("Saved.");
        // v1 created, v2 tagged, v3 the new value and comment: compare v1 with v3
        browser.find("input[name=from][value='1']").click();
        browser.click("button.compare");
        assertThat(browser.text("#diff h2")).isEqualTo("v1 → v3");
        String table = browser.text("table.diff");
        assertThat(table)
                .contains("Comment changed")
                .contains("rotated in December")
                .contains("Tags changed");
        assertThat(browser.text("#value-verdict")).contains("Value: changed");
        assertThat(browser.driver.getPageSource())
                .doesNotContain("second password")
                .doesNotContain("first password");
        browser.find("#diff form button").click();
        assertThat(browser.waitForText(".value-diff", "+ second password")).contains("- first password");
        browser.screenshot("diff");
    }

    @Test
    @Order(3)
    void theFoldersCommitsLeadToARollbackThatListsItsEffectBeforeItIsMade() {
        browser.go(folder());
        browser.follow("Commits and rollback of /");
        assertThat(browser.text("h1")).startsWith("Commits of /");
        // newest first: the value change, two tag changes, three creations
        assertThat(browser.text("table.commits tbody tr:first-child")).contains("admin@example.com");
        browser.screenshot("commits");
        browser.click("table.commits tbody tr:first-child td a");
        assertThat(browser.text("#changes")).contains("changed /DB_PASSWORD");
        browser.follow("All commits");
        // roll back to the commit before the value change: DB_PASSWORD goes back to v2's value
        browser.click("table.commits tbody tr:nth-child(2) a.button");
        assertThat(browser.text("#recover-plan"))
                .contains("0 secret(s) created, 1 changed, 0 deleted")
                .contains("change /DB_PASSWORD");
        assertThat(browser.driver.getPageSource()).doesNotContain("password</");
        browser.screenshot("recover");
        browser.click("form[action$='/recover'] button.danger");
        assertThat(browser.text(".notice")).contains("Rolled back: 1 change(s)");
        browser.go(secret("DB_PASSWORD"));
        browser.find("form[action$='/reveal'] button").click();
        assertThat(browser.waitForText("h1 + p + .panels .hidden-value, h1 + .panels .hidden-value", "first password"))
                .isEqualTo("first password");
    }

    @Test
    @Order(4)
    void theFolderShowsWhereImportedNamesComeFromAndASecretsReferencesAreATree() {
        f.folder(project, "prod", "/", "shared");
        f.secret(project, "prod", "/shared", "SENTRY_DSN", "https://sentry.example/1");
        f.secret(project, "prod", "/shared", "API_KEY", "shared key");
        f.secret(project, "prod", "/", "APP_DB", "${DB_URL}?password=${DB_PASSWORD}&region=${staging.REGION}");
        assertThat(server.api()
                        .post(
                                "/api/v1/secret-imports",
                                f.admin().token(),
                                java.util.Map.of(
                                        "workspaceId",
                                        project,
                                        "environment",
                                        "prod",
                                        "path",
                                        "/",
                                        "import",
                                        java.util.Map.of("environment", "prod", "path", "/shared")))
                        .status())
                .isEqualTo(200);
        browser.go(folder());
        assertThat(browser.text("#imports ol")).isEqualTo("prod:/shared");
        assertThat(browser.text("#i-SENTRY_DSN")).contains("prod:/shared");
        assertThat(browser.text("#i-API_KEY")).contains("this folder's own secret");
        assertThat(browser.text("#s-API_KEY th")).isEqualTo("API_KEY\noverrides prod:/shared");
        browser.driver.executeScript("arguments[0].scrollIntoView()", browser.find("#imports"));
        browser.screenshot("imports");

        browser.go(secret("APP_DB"));
        browser.click("#references-link");
        String tree = browser.text("#ref-tree");
        assertThat(tree)
                .contains("prod:/APP_DB")
                .contains("prod:/DB_URL")
                .contains("prod:/DB_PASSWORD")
                .contains("staging:/REGION does not exist");
        assertThat(browser.driver.getPageSource()).doesNotContain("db.internal");
        browser.screenshot("references");
    }

    @Test
    @Order(5)
    void theSecretSaysWhoReadsItAndTheAuditLogOpensOneEventAndOffersTheExport() {
        browser.go(secret("API_KEY"));
        assertThat(browser.text("#readers")).contains("Nobody read its value");
        browser.find("form[action$='/reveal'] button").click();
        browser.waitForText(".hidden-value", "key-1");
        browser.go(secret("API_KEY"));
        assertThat(browser.text("#readers .readers-table"))
                .contains("admin@example.com")
                .contains("user");
        browser.driver.executeScript("arguments[0].scrollIntoView()", browser.find("#readers"));
        browser.screenshot("readers");

        browser.follow("Audit log");
        browser.type("#secret", "API_KEY");
        browser.type("#eventType", "get-secret");
        browser.click(".filters button.primary");
        assertThat(browser.find("#export a").getAttribute("href"))
                .contains("format=csv")
                .contains("secret=API_KEY");
        browser.click("table.audit tbody tr:first-child td a");
        assertThat(browser.text("h1")).startsWith("get-secret");
        String fields = browser.text("#event-fields");
        assertThat(fields).contains("API_KEY").contains("admin@example.com").contains("Hash");
        assertThat(fields).doesNotContain("key-1");
        browser.screenshot("audit-event");
    }
}
