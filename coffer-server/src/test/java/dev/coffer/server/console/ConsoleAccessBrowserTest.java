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

/**
 * The account and access screens in a real headless Chromium against a real server: one person's
 * scenario, step by step (each step builds on the one before), asserting on what the page shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccessBrowserTest {

    static final String EMAIL = "admin@example.com";
    static final String NEW_PASSWORD = "a brand new passphrase";

    private TestServer server;
    private Fixtures f;
    private Browser browser;

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
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("table.sessions tbody tr")))
                .as("only this session is left")
                .hasSize(1);
    }

    @Test
    @Order(2)
    void anotherSessionCanBeEndedAndEndingThisOneLogsOut() {
        String elsewhere = apiLogin(NEW_PASSWORD);
        browser.go("/account");
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("table.sessions tbody tr")))
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
