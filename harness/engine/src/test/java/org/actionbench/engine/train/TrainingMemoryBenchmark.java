package org.actionbench.engine.train;

import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.nn.Seeds;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.text.ClipTextModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resident memory and step time of the training toolkit over 2,000 steps: two placeholder embeddings
 * trained through a tiny frozen CLIP text model (2 layers, hidden 64, 16 positions) with
 * {@link Gradients}, {@link AdamW} (channel mask on every other step) and one {@link StepScope} per step,
 * towards per-step Gaussian targets from {@link Seeds}. Then, for contrast, 500 steps of the same loop
 * without a step scope, where every intermediate stays in the long-lived manager.
 *
 * <p>Prints figures, asserts nothing (speed and memory are measured, never asserted). Run with a fixed,
 * pre-touched heap so that resident memory shows native memory, not the Java heap growing into its limit:
 * {@code ./mvnw -q -pl harness/engine -am test -Dtest=TrainingMemoryBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups=none
 * -DargLine="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"}.
 */
@Tag("benchmark")
class TrainingMemoryBenchmark {
    private static final int WARM_UP = 100;
    private static final int STEPS = 2_000;
    private static final int REPORT_EVERY = 500;
    private static final int UNSCOPED_STEPS = 500;
    private static final long SEED = 1;

    @Test
    void placeholderTokensThroughTinyClip() throws IOException {
        System.out.printf("[train-bench] start: %s%n", rss());
        ClipTextConfig config = new ClipTextConfig(List.of("CLIPTextModel"), 1000, 64, 128, 2, 4, 16, "gelu",
                1e-5, 64, 0, 2, 1);
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            ClipTextModel clip = new ClipTextModel(config);
            clip.initialize(root, SEED);
            NDArray placeholders = Seeds.gaussian(root, new Shape(2, 64), Seeds.derive(SEED, "init", 0)).mul(0.02f);
            placeholders.setRequiresGradient(true);
            Map<String, NDArray> trainable = Map.of("placeholders", placeholders);
            long[] ids = new long[16];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i == 3 ? 1000 : i == 4 ? 1001 : 10 + i;
            }
            NDArray halfMask = root.create(evenChannels(64));
            try (AdamW adam = new AdamW(root, trainable, AdamWConfig.defaults(5e-3))) {
                System.out.printf("[train-bench] model built (%d frozen parameters): %s%n",
                        clip.parameterCount(), rss());
                for (int step = 0; step < WARM_UP; step++) {
                    scopedStep(root, clip, adam, placeholders, ids, halfMask, step);
                }
                System.out.printf("[train-bench] after %d warm-up steps: %s, arrays held %d%n", WARM_UP, rss(),
                        root.getManagedArrays().size());
                long t0 = System.nanoTime();
                long tBlock = t0;
                float loss = 0;
                for (int step = 1; step <= STEPS; step++) {
                    loss = scopedStep(root, clip, adam, placeholders, ids, halfMask, WARM_UP + step);
                    if (step % REPORT_EVERY == 0) {
                        long now = System.nanoTime();
                        System.out.printf("[train-bench] step %d: %s, arrays held %d, loss %.5f, %.2f ms/step%n",
                                step, rss(), root.getManagedArrays().size(), loss,
                                (now - tBlock) / 1e6 / REPORT_EVERY);
                        tBlock = now;
                    }
                }
                double msPerStep = (System.nanoTime() - t0) / 1e6 / STEPS;
                System.out.printf("[train-bench] end of %d scoped steps: %s, %.2f ms/step mean%n", STEPS, rss(),
                        msPerStep);

                String before = rss();
                for (int step = 1; step <= UNSCOPED_STEPS; step++) {
                    unscopedStep(root, clip, adam, placeholders, ids, WARM_UP + STEPS + step);
                    if (step % 250 == 0) {
                        System.out.printf("[train-bench] WITHOUT step scope, step %d: %s, arrays held %d%n", step,
                                rss(), root.getManagedArrays().size());
                    }
                }
                System.out.printf("[train-bench] without step scope: %s -> %s over %d steps%n", before, rss(),
                        UNSCOPED_STEPS);
            }
        }
    }

    private static float scopedStep(NDManager root, ClipTextModel clip, AdamW adam, NDArray placeholders, long[] ids,
            NDArray halfMask, long step) {
        try (StepScope scope = StepScope.open(root, List.of(placeholders, halfMask), clip.arrays())) {
            return trainStep(scope.manager(), clip, adam, placeholders, ids, step % 2 == 0 ? halfMask : null, step);
        }
    }

    private static void unscopedStep(NDManager root, ClipTextModel clip, AdamW adam, NDArray placeholders, long[] ids,
            long step) {
        trainStep(root, clip, adam, placeholders, ids, null, step);
    }

    private static float trainStep(NDManager m, ClipTextModel clip, AdamW adam, NDArray placeholders, long[] ids,
            NDArray mask, long step) {
        NDArray idArray = m.create(ids, new Shape(1, ids.length));
        NDArray target = Seeds.gaussian(m, new Shape(1, ids.length, 64), Seeds.derive(SEED, "noise", step));
        Gradients g = Gradients.compute(adam.parameters(), m,
                () -> clip.forwardEmbeds(clip.embedTokens(idArray, placeholders)).sub(target).square().mean());
        adam.step(g.byName(), mask == null ? Map.of() : Map.of("placeholders", mask));
        return g.loss();
    }

    private static boolean[] evenChannels(int d) {
        boolean[] keep = new boolean[d];
        for (int i = 0; i < d; i += 2) {
            keep[i] = true;
        }
        return keep;
    }

    /**
     * VmRSS now, and again after a full collection. Java-side garbage (a few kB per step) makes the
     * collector touch fresh heap pages for thousands of steps, which alone looks like a leak in VmRSS; a
     * full GC lets G1 give uncommitted heap back, so the second figure is native memory (tensors,
     * libtorch) plus the live heap, the one a missing step scope grows.
     */
    private static String rss() throws IOException {
        long before = vmRssKb();
        System.gc();
        return String.format("VmRSS %,d kB (%,d kB after full GC)", before, vmRssKb());
    }

    private static long vmRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
