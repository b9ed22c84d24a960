package org.actionbench.mini.world;

import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rendering speed on one core: images per second at 64×64 and 256×256, drawing only and drawing plus PNG
 * encoding, over the whole cast, all actions and scenes. Prints figures; asserts nothing (ARCHITECTURE.md §7).
 * Run: fastcheck with {@code --include-tag=benchmark}, or Maven with {@code -Dgroups=benchmark -DexcludedGroups=}.
 */
@Tag("benchmark")
class MiniRendererBenchmark {
    @Test
    void imagesPerSecond() {
        // Warm both sizes up first (JIT, Java2D's loops), then take the best of three rounds of each: the
        // machine is shared, and the best round is the one least disturbed by other work.
        for (int res : new int[] {64, 256}) {
            run(res, res == 64 ? 3000 : 600, true);
        }
        for (int res : new int[] {64, 256}) {
            int n = res == 64 ? 3000 : 600;
            double drawOnly = 0;
            double withPng = 0;
            for (int round = 0; round < 3; round++) {
                drawOnly = Math.max(drawOnly, run(res, n, false));
                withPng = Math.max(withPng, run(res, n, true));
            }
            System.out.printf(Locale.ROOT, "mini render %dx%d on one thread: %.0f images/s drawing, %.0f images/s drawing + PNG%n",
                    res, res, drawOnly, withPng);
        }
    }

    private static double run(int res, int n, boolean png) {
        var cast = Cast.all();
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Render r = MiniRenderer.render(cast.get(i % cast.size()), PoseFamily.values()[i % 8],
                    SceneKind.values()[(i / 8) % 8], res, i);
            sink += png ? r.png().length : r.image().getRGB(res / 2, res / 2);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (sink == 42) {
            System.out.println();
        }
        return n / s;
    }
}
