package dev.coffer.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through
 * Selenium. {@code scripts/install-browser} installs them ({@code ./coffer test} runs it first); where
 * they are missing the browser tests are skipped with that instruction. Screenshots are written only
 * when {@code -Dcoffer.screenshots=DIR} is given ({@code scripts/console-screenshots} does that).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("COFFER_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("COFFER_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    static Browser open(String base) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Headless Chromium is not installed (" + CHROMIUM + ", " + DRIVER + "): run scripts/install-browser "
                        + "(apt-get install chromium chromium-driver); ./coffer test runs it before the suite.");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, base);
    }

    void go(String path) {
        driver.get(base + path);
    }

    /** The first element matching {@code css}, waiting up to 10 s for it (a page may still be loading). */
    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(NoSuchElementException.class)
                .until(d -> d.findElement(By.cssSelector(css)));
    }

    /** Clicks what loads a new page, and waits until the old page is gone. */
    void click(String css) {
        navigate(find(css));
    }

    /** Follows the link with this text, and waits until the old page is gone. */
    void follow(String linkText) {
        navigate(driver.findElement(By.linkText(linkText)));
    }

    private void navigate(WebElement target) {
        WebElement page = driver.findElement(By.tagName("html"));
        target.click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> gone(page));
    }

    /** Whether an element of the page that was shown is gone (Chromium says so in more than one way). */
    private static boolean gone(WebElement old) {
        try {
            old.isEnabled();
            return false;
        } catch (WebDriverException e) { // stale, or "does not belong to the document"
            return true;
        }
    }

    String text(String css) {
        return find(css).getText();
    }

    String body() {
        return find("body").getText();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Waits (up to 10 s) until the element's text contains {@code expected}; returns the text. */
    String waitForText(String css, String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector(css)).getText().contains(expected));
        return text(css);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot as {@code name}.png when screenshots were asked for. */
    void screenshot(String name) {
        String dir = System.getProperty("coffer.screenshots");
        if (dir == null || dir.isBlank()) return;
        try {
            Path out = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(out.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
