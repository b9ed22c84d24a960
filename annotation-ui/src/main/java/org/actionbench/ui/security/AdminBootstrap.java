package org.actionbench.ui.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.actionbench.ui.UiConfig;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.jboss.logging.Logger;

/**
 * At start-up: creates the first admin account when there is none (with the configured password, or a
 * generated one printed once in the log).
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    private final UiConfig config;
    private final PasswordHasher hasher;

    public AdminBootstrap(UiConfig config, PasswordHasher hasher) {
        this.config = config;
        this.hasher = hasher;
    }

    void onStart(@Observes StartupEvent event) {
        ensureAdmin();
    }

    /**
     * The password given by {@code actionbench.ui.admin.password} or read from the first line of
     * {@code actionbench.ui.admin.password-file}; both at once, or an unreadable or empty file, stop the start.
     */
    static Optional<String> configuredPassword(UiConfig.Admin admin) {
        if (admin.passwordFile().isEmpty()) {
            return admin.password();
        }
        Path file = admin.passwordFile().get();
        if (admin.password().isPresent()) {
            throw new IllegalStateException("actionbench.ui.admin.password and actionbench.ui.admin.password-file ("
                    + file + ") are both set; set one");
        }
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new IllegalStateException("actionbench.ui.admin.password-file: " + file
                        + ": the first line is empty; it must hold the admin password");
            }
            return Optional.of(first);
        } catch (IOException e) {
            throw new IllegalStateException("actionbench.ui.admin.password-file: " + file + ": cannot be read ("
                    + e.getMessage() + ")");
        }
    }

    /** Creates the configured admin account unless an admin exists. */
    public void ensureAdmin() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (Rater.count("role", Role.ADMIN) > 0) {
                return;
            }
            String username = config.admin().username();
            String password = configuredPassword(config.admin()).orElse(null);
            if (password == null) {
                password = Tokens.random(16);
                LOG.warnf("Created the admin account \"%s\" with the generated password %s (shown only now; set"
                        + " ACTIONBENCH_UI_ADMIN_PASSWORD or actionbench.ui.admin.password-file to choose one)",
                        username, password);
            } else {
                LOG.infof("Created the admin account \"%s\" with the configured password", username);
            }
            Rater r = new Rater();
            r.username = username;
            r.passwordHash = hasher.hash(password);
            r.role = Role.ADMIN;
            r.active = true;
            r.orderSeed = Tokens.randomLong();
            r.createdAt = Instant.now();
            r.persist();
        });
    }
}
