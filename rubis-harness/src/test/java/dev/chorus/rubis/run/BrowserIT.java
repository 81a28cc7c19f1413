package dev.chorus.rubis.run;

import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.rubis.db.DataGenerator;
import dev.chorus.rubis.db.Scale;
import dev.chorus.rubis.db.Schema;
import dev.chorus.rubis.web.RubisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser (Debian's Chromium, headless, through ChromeDriver) walks the running web application on Chorus:
 * Home, Browse, all categories, a category, an item, then logs in and bids; the bid is in the database.
 * {@code .ci/run} installs {@code chromium} and {@code chromium-driver} where they are missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserIT {
    private static final String URL = "jdbc:chorus:mem:rubis_browser";
    private static HikariDataSource dataSource;
    private static RubisServer server;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        dataSource = RubisServer.dataSource(URL, 4);
        try (Connection c = dataSource.getConnection()) {
            Schema.create(c);
            new DataGenerator(Scale.TINY, 7, Instant.now().truncatedTo(ChronoUnit.SECONDS)).generate(c);
        }
        server = new RubisServer(dataSource, 0, 20, Clock.systemUTC());
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "/usr/bin/chromium"));
        // as root in a container: no sandbox; no network but loopback: nothing in the background
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    private static String executable(String name, String usual) {
        if (new File(usual).canExecute()) {
            return usual;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException(name + " is not installed (Debian: apt-get install chromium chromium-driver; .ci/run does)");
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        dev.chorus.driver.ChorusDriver.shutdown(URL);
    }

    private static void click(String hrefPart) {
        List<WebElement> links = browser.findElements(By.cssSelector("a[href*='" + hrefPart + "']"));
        assertThat(links).as("a link to %s on %s", hrefPart, browser.getCurrentUrl()).isNotEmpty();
        links.get(0).click();
    }

    /**
     * Waits until an element of the page left behind is gone. Chromium may report an element of a document being
     * replaced as "does not belong to the document" rather than as stale; both mean the next page is loading.
     */
    private static void awaitGone(WebElement element) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** An element of the page a form submission leads to, once it has loaded (a click does not wait for it). */
    private static WebElement await(By by) {
        try {
            return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ": " + body(), e);
        }
    }

    private static String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void homeBrowseCategoryItemAndBid() throws Exception {
        browser.get(server.baseUri().resolve("index.html").toString());
        assertThat(browser.getTitle()).contains("RUBiS");
        assertThat(browser.findElement(By.cssSelector("img[alt='RUBiS']")).getAttribute("naturalWidth")).as("the logo loaded")
                .isNotEqualTo("0");

        click("/rubis/browse.html");
        assertThat(browser.getTitle()).contains("Browse");
        click("/rubis/servlet/BrowseCategories");
        assertThat(body()).contains(dev.chorus.rubis.db.ReferenceData.categories().get(0).name());

        // the category with the most active items has some on its first page
        int category = busiestCategory();
        browser.findElement(By.cssSelector("a[href*='SearchItemsByCategory?category=" + category + "&']")).click();
        assertThat(body()).doesNotContain("ERROR").doesNotContain("Sorry");
        List<WebElement> items = browser.findElements(By.cssSelector("a[href*='ViewItem?itemId=']"));
        assertThat(items).isNotEmpty();
        Matcher id = Pattern.compile("itemId=(\\d+)").matcher(items.get(0).getAttribute("href"));
        assertThat(id.find()).isTrue();
        int itemId = Integer.parseInt(id.group(1));
        String itemName = items.get(0).getText();
        items.get(0).click();
        assertThat(body()).contains(itemName);

        int bidsBefore = bids(itemId);
        click("PutBidAuth?itemId=" + itemId);
        browser.findElement(By.name("nickname")).sendKeys("user1");
        browser.findElement(By.name("password")).sendKeys("password1");
        browser.findElement(By.cssSelector("input[type='submit']")).click();
        String minBid = await(By.cssSelector("input[name='minBid']")).getAttribute("value");
        String bid = new java.math.BigDecimal(minBid).add(java.math.BigDecimal.TEN).toPlainString();
        browser.findElement(By.name("bid")).sendKeys(bid);
        browser.findElement(By.name("maxBid")).sendKeys(new java.math.BigDecimal(bid).add(java.math.BigDecimal.TEN).toPlainString());
        WebElement bidButton = browser.findElement(By.cssSelector("input[type='submit']"));
        bidButton.click();
        awaitGone(bidButton); // the next page is there
        assertThat(body()).doesNotContain("ERROR");
        assertThat(bids(itemId)).as("the bid reached the database through Chorus").isEqualTo(bidsBefore + 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT nb_of_bids, max_bid FROM items WHERE id = ?")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(bidsBefore + 1);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(bid);
            }
        }
    }

    private static int busiestCategory() throws Exception {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT category, COUNT(*) AS n FROM items GROUP BY category ORDER BY n DESC, category")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static int bids(int itemId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bids WHERE item_id = ?")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
