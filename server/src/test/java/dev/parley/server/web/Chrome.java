package dev.parley.server.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its own chromedriver: both paths are given, so Selenium Manager never looks
 * for (or downloads) anything, and the resolver rule keeps Chromium off the network. Each browser gets a fresh
 * profile, so two of them are two independent people (own cookies, own localStorage).
 */
final class Chrome {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chrome() {
    }

    /** Starts a headless Chromium with a window (and so a viewport) of 1280×800 and an empty profile. */
    static ChromeDriver start() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                // Never a silent skip: `./parley test` installs these, anything else must say what is missing.
                throw new IllegalStateException(binary + " is missing: install the Debian packages chromium and "
                        + "chromium-driver (./parley test does it when run as root)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,800",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + freshProfile());
        // The client asks for notification permission after the first send: answer it up front, no prompt.
        options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.notifications", 2));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static File freshProfile() {
        try {
            Path root = Files.createDirectories(Path.of("target", "chrome-profiles").toAbsolutePath());
            return Files.createTempDirectory(root, "profile-").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
