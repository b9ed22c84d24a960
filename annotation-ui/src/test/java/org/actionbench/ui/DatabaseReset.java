package org.actionbench.ui;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.actionbench.ui.security.AdminBootstrap;
import org.actionbench.ui.rating.ImagePool;
import org.actionbench.ui.rating.RatingPage;
import org.actionbench.ui.rating.Settings;
import org.actionbench.ui.security.LoginGuard;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the HTTP tests: every test starts from an empty database (Flyway clean + migrate, on H2 or
 * PostgreSQL alike) holding only the configured admin, so tests never see each other's raters or images.
 */
@QuarkusTest
public abstract class DatabaseReset {
    @Inject
    Flyway flyway;
    @Inject
    AdminBootstrap bootstrap;
    @Inject
    LoginGuard loginGuard;
    @Inject
    Settings settings;
    @Inject
    RatingPage ratingPage;
    @Inject
    ImagePool imagePool;

    @BeforeEach
    void emptyDatabase() {
        flyway.clean();
        flyway.migrate();
        bootstrap.ensureAdmin();
        loginGuard.reset();
        // What the server keeps in memory of the database it had (ids restart after a clean).
        settings.forget();
        ratingPage.forget();
        imagePool.forgetAll();
    }

    /** Imports {@code run} through the admin form; returns the page. */
    protected static String importRun(Client admin, java.nio.file.Path run) {
        io.restassured.response.Response r = admin.post("/admin/import", java.util.Map.of("path", run.toString()));
        org.junit.jupiter.api.Assertions.assertEquals(200, r.statusCode(), r::asString);
        return r.asString();
    }
}
