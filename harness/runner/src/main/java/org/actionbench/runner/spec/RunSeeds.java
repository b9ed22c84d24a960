package org.actionbench.runner.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two seeds of a run. {@code training} is handed to every method that has a {@code seed} setting the
 * spec does not set itself; {@code sampling} is the root of every image's seed
 * ({@link org.actionbench.runner.plan.ImageSeeds}).
 */
public record RunSeeds(long training, long sampling) {
    public static final RunSeeds DEFAULT = new RunSeeds(0, 0);

    /** As recorded in run.json's {@code seeds}. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("training", training);
        m.put("sampling", sampling);
        return m;
    }
}
