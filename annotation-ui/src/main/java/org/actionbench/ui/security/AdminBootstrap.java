package org.actionbench.ui.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
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

    /** Creates the configured admin account unless an admin exists. */
    public void ensureAdmin() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (Rater.count("role", Role.ADMIN) > 0) {
                return;
            }
            String username = config.admin().username();
            String password = config.admin().password().orElse(null);
            if (password == null) {
                password = Tokens.random(16);
                LOG.warnf("Created the admin account \"%s\" with the generated password %s (shown only now; set"
                        + " actionbench.ui.admin.password to choose one)", username, password);
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
