package org.actionbench.ui.rating;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.actionbench.ui.UiConfig;
import org.actionbench.ui.model.Setting;

/** Raters per image (k): the configured default until an admin sets it on the dashboard. */
@ApplicationScoped
public class Settings {
    static final String RATERS_PER_IMAGE = "raters-per-image";
    public static final int MAX_RATERS_PER_IMAGE = 100;
    private final UiConfig config;
    /** k as last read or set: read on every rating page, changed only here. */
    private volatile Integer cached;

    public Settings(UiConfig config) {
        this.config = config;
    }

    public int ratersPerImage() {
        Integer k = cached;
        if (k == null) {
            Setting s = Setting.findById(RATERS_PER_IMAGE);
            k = s == null ? config.ratersPerImage() : Integer.parseInt(s.value);
            cached = k;
        }
        return k;
    }

    /** Reads k from the database again on next use (after the database was replaced under the server: tests). */
    public void forget() {
        cached = null;
    }

    /** @throws IllegalArgumentException unless 1 <= k <= {@value #MAX_RATERS_PER_IMAGE} */
    public void setRatersPerImage(int k) {
        if (k < 1 || k > MAX_RATERS_PER_IMAGE) {
            throw new IllegalArgumentException("raters per image must be between 1 and " + MAX_RATERS_PER_IMAGE
                    + ", not " + k);
        }
        QuarkusTransaction.joiningExisting().run(() -> {
            Setting s = Setting.findById(RATERS_PER_IMAGE);
            if (s == null) {
                s = new Setting();
                s.name = RATERS_PER_IMAGE;
            }
            s.value = Integer.toString(k);
            s.persist();
        });
        cached = k;
    }
}
