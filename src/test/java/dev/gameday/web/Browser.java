package dev.gameday.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromium-driver (compose/browser.sh installs both), one
 * fresh profile per browser, logged in as one API user. Selenium downloads nothing and the browser
 * reaches nothing but the service: no background networking, updates, sync or QUIC.
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    /** A browser that has logged in to {@code service} (http://127.0.0.1:PORT) as {@code user}. */
    public Browser(String service, String user, String password) {
        System.setProperty("webdriver.chrome.driver", System.getProperty("webdriver.chrome.driver", DRIVER));
        System.setProperty("SE_OFFLINE", "true");
        try {
            profile = Files.createTempDirectory("gameday-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
                .build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(20));
        base = service;
        URI uri = URI.create(service);
        // basic credentials in the URL for the first page; Chromium keeps them for the origin after that
        driver.get(uri.getScheme() + "://" + user + ":" + password + "@" + uri.getAuthority() + "/ui/");
    }

    public Browser open(String path) {
        driver.get(path.contains("://") ? path : base + path);
        return this;
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String body() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String html() {
        return driver.getPageSource();
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Whether a page's script opened an alert. */
    public boolean alertShown() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (org.openqa.selenium.NoAlertPresentException e) {
            return false;
        }
    }

    public void click(String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    /** A PNG of the whole page (the window grows to the page's height) under target/screenshots. */
    public Path screenshot(String name) {
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, Math.max(600, height + 120))));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in /tmp is harmless
        }
    }
}
