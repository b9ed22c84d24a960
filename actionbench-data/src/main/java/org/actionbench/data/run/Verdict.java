package org.actionbench.data.run;

import java.util.Locale;
import java.util.Optional;

/** A rater's answer to one question about one image (ARCHITECTURE.md §2). */
public enum Verdict {
    YES, NO, UNSURE;

    /** "yes", "no" or "unsure", as in the judgement CSV. */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Verdict> fromCsvName(String name) {
        for (Verdict v : values()) {
            if (v.csvName().equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return csvName();
    }
}
