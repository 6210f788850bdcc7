package dev.ficus.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium} driven by its {@code chromedriver} (both paths set here, so Selenium Manager never
 * downloads anything), headless, with the browser's console log readable ({@link #errors()}). A machine without them
 * fails the test with the command that installs them ({@code .ci/run} does).
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path screenshots;

    private ConsoleBrowser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /**
     * @param screenshots directory for {@link #screenshot(String)}
     * @return a headless chromium, 1440×1100
     * @throws IllegalStateException when chromium or chromedriver is not installed
     */
    static ConsoleBrowser start(Path screenshots) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1440,1100");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConsoleBrowser(new ChromeDriver(service, options), screenshots);
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} (a full page load; the tab's sessionStorage, and so the credential, stays). */
    void open(String url) {
        driver.get(url);
        await(By.cssSelector("main"));
    }

    /** Enters an operator API key in the sign-in field. */
    void signIn(String apiKey) {
        WebElement form = await(By.id("sign-in"));
        form.findElement(By.name("value")).sendKeys(apiKey);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** @return the element once present and visible */
    WebElement await(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's text contains {@code text}. */
    void awaitText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Clicks the element once it is clickable, again if a panel's refresh replaced it meanwhile. */
    void click(By by) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /**
     * @param css a CSS selector
     * @return the text of every matching element, read in one go in the page (panels are swapped every few
     *         seconds, so elements found one by one may be gone when read)
     */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.textContent.trim())", css);
    }

    /** @return the attribute of every element matching {@code css}, read in one go (see {@link #texts}) */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String attribute) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute(arguments[1]))", css, attribute);
    }

    /** Saves the window and the page's HTML as {@code <screenshots>/debug/<name>.png|.html}, to see a failure. */
    void keepForDebugging(String name) {
        try {
            Path debug = Files.createDirectories(screenshots.resolve("debug"));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), debug.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(debug.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the element's visible text */
    String text(By by) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = ExpectedConditions.visibilityOfElementLocated(by).apply(d);
                    return element == null ? null : element.getText();
                });
    }

    /** @return the browser console's errors (level SEVERE) since the last call; reading clears them */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves the window as {@code <screenshots>/<name>.png}. */
    void screenshot(String name) {
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
