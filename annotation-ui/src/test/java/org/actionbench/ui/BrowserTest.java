package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.ui.model.Image;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A rater in a real (headless) Chromium logs in, reads the instructions, opens the shortcut list and the
 * enlarged image, answers with the keyboard only, undoes one answer (which comes back selected) and changes it,
 * and the admin's accuracy table shows exactly those answers. Screenshots of the three pages go to
 * {@code target/screenshots/}. Debian's chromium and chromedriver are used directly, so Selenium Manager never
 * runs; without them the test is skipped, except on CI (CI=true), where it fails.
 */
@QuarkusTest
class BrowserTest extends DatabaseReset {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void aRaterAnswersWithTheKeyboardAndTheAdminTableFollows() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        Assumptions.assumeTrue(present, "no chromium/chromedriver: browser test skipped");

        Client admin = Client.admin();
        importRun(admin, RunFixture.small());
        Client.newRater(admin, "browser1");
        Map<String, String> methodOf = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> Image.<Image>listAll().forEach(i -> methodOf.put(i.publicId, i.method)));

        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1100");
        WebDriver driver = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            login(driver, wait, base, "browser1", "pw-browser1");
            wait.until(d -> d.getCurrentUrl().endsWith("/rate"));

            // A new login of a rater who has judged nothing opens on the instructions.
            wait.until(d -> !d.findElements(By.id("start-rating")).isEmpty());
            assertTrue(driver.findElement(By.id("instructions")).getText().contains("When to answer unsure"));
            Files.write(shots.resolve("instructions.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.findElement(By.id("start-rating")).click();
            wait.until(d -> !currentImage(d).isEmpty());

            // ? lists the shortcuts, Esc closes the list.
            WebElement shortcuts = driver.findElement(By.id("shortcuts"));
            assertTrue(!shortcuts.isDisplayed());
            keys(driver, "?");
            assertTrue(shortcuts.isDisplayed());
            assertTrue(shortcuts.getText().contains("undo the last judgement"), shortcuts.getText());
            assertTrue(shortcuts.getText().contains("flag the image as broken"), shortcuts.getText());
            keys(driver, org.openqa.selenium.Keys.ESCAPE.toString());
            assertTrue(!shortcuts.isDisplayed());

            // F enlarges the image by a whole factor, unsmoothed; a click on the enlargement closes it, and a click
            // on the image opens it again.
            WebElement enlarged = driver.findElement(By.id("enlarged"));
            wait.until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "return document.getElementById('candidate').naturalWidth")).intValue() > 0);
            keys(driver, "f");
            assertTrue(enlarged.isDisplayed());
            WebElement big = driver.findElement(By.id("enlarged-image"));
            long natural = ((Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return document.getElementById('candidate').naturalWidth")).longValue();
            int shownWidth = big.getSize().getWidth();
            assertEquals(0, shownWidth % natural, shownWidth + " px is not a whole multiple of " + natural);
            assertTrue(shownWidth / natural >= 2, "enlarged " + shownWidth / natural + "x in a 1280 px window");
            assertTrue(shownWidth <= 1280, "fits the window: " + shownWidth);
            assertEquals("pixelated", big.getCssValue("image-rendering"));
            big.click();
            assertTrue(!enlarged.isDisplayed());
            driver.findElement(By.id("candidate")).click();
            assertTrue(enlarged.isDisplayed());
            keys(driver, org.openqa.selenium.Keys.ESCAPE.toString());
            assertTrue(!enlarged.isDisplayed());

            // Four images: action yes (Q), subject yes (A), Enter.
            List<String> judged = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String image = currentImage(driver);
                keys(driver, "q", "a");
                assertTrue(driver.findElement(By.id("action-yes")).isSelected());
                assertTrue(driver.findElement(By.id("subject-yes")).isSelected());
                if (i == 0) {
                    Files.write(shots.resolve("rating-page.png"),
                            ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                }
                keys(driver, "\n");
                wait.until(d -> !currentImage(d).equals(image));
                judged.add(image);
            }
            assertTrue(driver.findElement(By.id("progress-text")).getText().startsWith("4 of 24 judged"));
            // Z takes the fourth answer back; it is answered again as action no (W), subject unsure (D).
            String fifth = currentImage(driver);
            keys(driver, "z");
            wait.until(d -> currentImage(d).equals(judged.get(3)));
            // ... with the answers given before selected
            assertTrue(driver.findElement(By.id("action-yes")).isSelected());
            assertTrue(driver.findElement(By.id("subject-yes")).isSelected());
            keys(driver, "w", "d", "\n");
            wait.until(d -> currentImage(d).equals(fifth));
            // B flags the fifth as broken: no judgement, another image, the admin sees the flag.
            keys(driver, "b");
            wait.until(d -> !currentImage(d).equals(fifth));
            assertTrue(driver.findElement(By.tagName("body")).getText().contains("flagged as broken"));

            driver.findElement(By.cssSelector("header form button")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("/login"));
            login(driver, wait, base, Client.ADMIN, Client.ADMIN_PASSWORD);
            wait.until(d -> d.getCurrentUrl().endsWith("/admin"));

            // Expected by hand: per method, action yes = images answered Q, total yes = images answered Q and A.
            Map<String, int[]> counts = new HashMap<>(); // method -> {images, action yes, subject yes}
            for (int i = 0; i < 4; i++) {
                int[] c = counts.computeIfAbsent(methodOf.get(judged.get(i)), m -> new int[3]);
                c[0]++;
                if (i < 3) {
                    c[1]++;
                    c[2]++;
                }
            }
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                WebElement row = driver.findElement(By.id("acc-" + e.getKey()));
                int[] c = e.getValue();
                assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 100.0 * c[1] / c[0]),
                        row.findElement(By.cssSelector("td.action")).getText(), e.getKey());
                assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 100.0 * c[2] / c[0]),
                        row.findElement(By.cssSelector("td.total")).getText(), e.getKey());
            }
            assertEquals("4", driver.findElement(By.cssSelector("#rater-browser1 td.judged")).getText());
            assertTrue(driver.getPageSource().contains(fifth), "the flagged image is listed for the admin");
            assertNotEquals(0, driver.findElements(By.cssSelector("#chart rect.bar")).size());
            Files.write(shots.resolve("dashboard.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // The dashboard follows new judgements by itself (every 10 s), without a reload.
            assertTrue(driver.findElement(By.id("overall-text")).getText().startsWith("4 of 24 "),
                    driver.findElement(By.id("overall-text")).getText());
            Client.newRater(admin, "browser2").judgeCurrent("no", "no");
            String url = driver.getCurrentUrl();
            // The refresh replaces the element: one found just before it may be gone when its text is read.
            new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(
                    d -> d.findElement(By.id("overall-text")).getText().startsWith("5 of 24 "));
            assertEquals(url, driver.getCurrentUrl());
            assertTrue(!driver.findElement(By.id("refreshed")).getText().isEmpty(), "refreshed in place");
        } finally {
            driver.quit();
            service.stop();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void login(WebDriver driver, WebDriverWait wait, String base, String user, String password) {
        driver.get(base + "/login");
        wait.until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login button")).click();
    }

    private static String currentImage(WebDriver driver) {
        try {
            List<WebElement> inputs = driver.findElements(By.name("image"));
            return inputs.isEmpty() ? "" : inputs.get(0).getAttribute("value");
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return ""; // the page is being replaced by the next one
        }
    }

    /** Presses keys on the page itself (no element focused), as a rater using the shortcuts does. */
    private static void keys(WebDriver driver, String... keys) {
        for (String k : keys) {
            new Actions(driver).sendKeys(k.equals("\n") ? org.openqa.selenium.Keys.ENTER.toString() : k).perform();
        }
    }
}
