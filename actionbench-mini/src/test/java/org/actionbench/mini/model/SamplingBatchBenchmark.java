package org.actionbench.mini.model;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.SamplingDefaults;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.CastMember;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Images per second of a cell's sampling on the bundled mini model (DDIM 50, guidance 7.5, the model's 64 px)
 * by sampling batch, as the runner samples: different subjects' prompts, each image its own seed. Also prints
 * the largest 8-bit difference of every batched image from the same image sampled alone, the peak resident
 * memory of each row, and the allocator settings it ran with. The thread count is surefire's (one). Run with
 * {@code ./mvnw -o -q -pl actionbench-mini -am test -Dtest=SamplingBatchBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
class SamplingBatchBenchmark {
    private static final int IMAGES = 16;

    @Test
    void imagesPerSecondByBatch() throws Exception {
        System.out.println("[sampling-bench] MALLOC_* environment: " + mallocEnvironment());
        List<String> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        List<CastMember> cast = new ArrayList<>(Cast.HUMANS);
        cast.addAll(Cast.ANIMALS);
        for (int i = 0; i < IMAGES; i++) {
            prompts.add("a photo of " + cast.get(i % cast.size()).text() + " bowing in a park");
            seeds.add(1000L + i);
        }
        try (StableDiffusion model = StableDiffusion.load(BundledMiniModelTest.SNAPSHOT)) {
            TextToImagePipeline pipeline = new TextToImagePipeline(model);
            PromptConditioner text = PromptConditioner.text(model.promptEncoder());
            // Warm-up: the first call pays for libtorch's kernel selection and the allocator's first pages.
            pipeline.generate(TextToImagePipeline.Request.of(model, prompts.subList(0, 2), seeds.subList(0, 2), text)
                    .withSteps(5));
            System.out.println("[sampling-bench] batch | images | s | images/s | max |batched - alone| (of 255)"
                    + " | peak RSS MB   (default batch " + SamplingDefaults.BATCH + ")");
            List<BufferedImage> alone = null;
            for (int batch : new int[] {1, 2, 4, 8, 16}) {
                resetPeakRss();
                List<BufferedImage> images = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int start = 0; start < IMAGES; start += batch) {
                    int end = Math.min(IMAGES, start + batch);
                    images.addAll(pipeline.generate(TextToImagePipeline.Request
                            .of(model, prompts.subList(start, end), seeds.subList(start, end), text)));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (alone == null) {
                    alone = images;
                }
                int maxDifference = 0;
                for (int i = 0; i < IMAGES; i++) {
                    maxDifference = Math.max(maxDifference, Images.maxChannelDifference(alone.get(i), images.get(i)));
                }
                System.out.printf("[sampling-bench] %d | %d | %.1f | %.2f | %d | %d%n", batch, IMAGES, seconds,
                        IMAGES / seconds, maxDifference, peakRssMb());
            }
        }
    }

    private static String mallocEnvironment() {
        StringBuilder out = new StringBuilder();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_")).sorted(
                java.util.Map.Entry.comparingByKey()).forEach(e -> out.append(e.getKey()).append('=')
                        .append(e.getValue()).append(' '));
        return out.length() == 0 ? "(none)" : out.toString().trim();
    }

    /** Linux resets VmHWM to the current resident size when "5" is written to clear_refs. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception e) {
            // not Linux, or not permitted: the column then shows the peak since start
        }
    }

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
