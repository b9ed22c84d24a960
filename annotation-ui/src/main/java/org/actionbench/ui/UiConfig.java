package org.actionbench.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The {@code actionbench.ui.*} settings (application.properties documents each). */
@ConfigMapping(prefix = "actionbench.ui")
public interface UiConfig {
    /** Holds the H2 file database; only read by the datasource URL. */
    Path dataDir();

    Optional<Path> importOnStart();

    Optional<Path> importBench();

    /** The label of the run imported at start-up (default: its directory's name, made unique). */
    Optional<String> importLabel();

    Admin admin();

    @WithDefault("1")
    int ratersPerImage();

    @WithDefault("600000")
    int passwordIterations();

    @WithDefault("PT12H")
    Duration sessionTimeout();

    /** How long claims leave an image alone after its slot insert met a lock (LockedImages). */
    @WithDefault("PT30S")
    Duration lockedImageCoolDown();

    Login login();

    /** Login hardening (LoginGuard). */
    interface Login {
        /** Failed logins per account before each further one must wait. */
        @WithDefault("5")
        int freeAttemptsPerAccount();

        /** Failed logins per client address before each further one must wait (raters may share one address). */
        @WithDefault("20")
        int freeAttemptsPerAddress();

        /** The first wait; each further failure doubles it. */
        @WithDefault("PT1S")
        Duration baseDelay();

        /** Password hashes running at once (default: half the processors, at least 1). */
        Optional<Integer> concurrentHashes();
    }

    /**
     * Whether cookies carry the Secure attribute (browsers then send them over HTTPS only): for a deployment behind
     * a TLS proxy. Off by default, since a plain-HTTP server on localhost would never get its cookies back.
     */
    @WithDefault("false")
    boolean secureCookies();

    interface Admin {
        @WithDefault("admin")
        String username();

        /** Set through the environment (ACTIONBENCH_UI_ADMIN_PASSWORD) rather than -D, which {@code ps} shows. */
        Optional<String> password();

        /** A file holding the password (its first line), the other way to keep it out of {@code ps}. */
        Optional<Path> passwordFile();
    }
}
