package org.actionbench.runner.exec;

import com.sun.jna.Function;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.pipeline.TextToImagePipeline;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MemoryEstimate;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.ModelShapes;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --plan} memory estimate against measured memory on the CPU, for the bundled mini model: each training
 * method's training (a few steps, its set-up kept small) and a guided sampling call of 8 images.
 *
 * <p>Measured as resident memory, the only native figure reachable here (DJL exposes no allocator statistics for
 * libtorch's CPU allocator): glibc is told to map every block of 64 KiB or more on its own and to give it back when
 * freed ({@code mallopt}), so the resident size follows libtorch's live tensors; the peak ({@code VmHWM}, reset
 * through {@code /proc/self/clear_refs}) above the resident size just before, with the weights loaded, is the work's
 * own, compared with the estimate's peak without the weights. Training is measured up to the report of its last
 * step (not the artifact built after it). Run it with a fixed, pre-touched heap so the Java heap does not grow into
 * the figure: {@code ./mvnw -o -q -B -pl harness/runner -am test -Dtest=MemoryEstimateBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups=none
 * -DargLine="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"}. Prints figures, asserts nothing.
 */
@Tag("benchmark")
class MemoryEstimateBenchmark {
    static final Path MINI = Path.of("../../models/actionbench-mini").toAbsolutePath().normalize();
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    @Test
    void estimateAgainstMeasured(@TempDir Path dir) throws Exception {
        Function mallopt = Function.getFunction("c", "mallopt");
        mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, 64 * 1024});
        mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, 64 * 1024});
        TinyWorld world = TinyWorld.shared();
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "bench: " + world.bench() + "\nmodel: " + MINI + "\noutput: " + dir.resolve("run") + """

                methods:
                  - stable-diffusion
                  - {method: dreambooth, settings: {steps: 4, classImages: 1, classSamplingSteps: 1}}
                  - {method: textual-inversion, settings: {steps: 4}}
                  - {method: custom-diffusion, settings: {steps: 4, classImages: 1, classSamplingSteps: 1}}
                  - {method: p-plus, settings: {steps: 4}}
                  - {method: adi, settings: {steps: 4}}
                actions: [bow]
                subjects: [cat]
                imagesPerPair: 8
                sampler: {steps: 5}
                """);
        RunPlan plan = Planner.plan(RunSpecReader.read(spec), MethodCatalog.installed(), Planner.Output.NEW);
        MemoryEstimate estimate = MemoryEstimate.of(plan, ModelShapes.read(MINI), plan.source().spec().compute());
        System.out.println("[memory-bench] MiB above the loaded weights: estimate (the peak without the weights),"
                + " measured (peak resident above the resident size before)");
        try (StableDiffusion model = StableDiffusion.load(MINI)) {
            ActionExamples examples = ExemplarLoader.examples(plan.bench(), plan.benchDir(), plan.actions().get(0));
            for (MemoryEstimate.CellMemory cell : estimate.cells()) {
                PlannedCell c = cell.cell();
                if (cell.training() != null) {
                    print(c.cell().method() + " training", aboveWeights(cell.training()),
                            trainingPeak(c, examples, model, dir.resolve(c.cell().method())));
                }
            }
            MemoryEstimate.CellMemory sd = estimate.cells().get(0);
            print("sampling batch " + sd.cell().images().size() + " (guided)", aboveWeights(sd.sampling()),
                    samplingPeak(model, sd.cell().images().size(), plan.sampler().steps()));
        }
    }

    private static long aboveWeights(MemoryEstimate.Peak peak) {
        return peak.parts().stream().filter(p -> !p.name().startsWith("weights "))
                .mapToLong(MemoryEstimate.Part::bytes).sum();
    }

    private static void print(String what, long estimated, long measured) {
        System.out.printf(Locale.ROOT, "[memory-bench] %-40s estimate %8.1f measured %8.1f estimate/measured %.2f%n",
                what, estimated / 1048576.0, measured / 1048576.0, (double) estimated / measured);
    }

    /** The peak resident memory of a training, up to its last step, above the resident size before it. */
    private static long trainingPeak(PlannedCell cell, ActionExamples examples, StableDiffusion model, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        long base = settledResident();
        long[] peak = {0};
        cell.method().train(examples, model, new TrainingContext(dir, (step, total, metrics) -> {
            if (step == total) {
                peak[0] = status("VmHWM:");
            }
        }));
        return peak[0] - base;
    }

    private static long samplingPeak(StableDiffusion model, int images, int steps) throws Exception {
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        PromptConditioner text = PromptConditioner.text(model.promptEncoder());
        List<String> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            prompts.add("a photo of a cat bowing in a park");
            seeds.add(100L + i);
        }
        TextToImagePipeline.Request request = TextToImagePipeline.Request.of(model, prompts, seeds, text).withSteps(steps);
        pipeline.generate(request); // warm-up: kernel selection, the allocator's small-block pools
        long base = settledResident();
        pipeline.generate(request);
        return status("VmHWM:") - base;
    }

    /** Collects garbage (closing unreachable arrays), returns freed memory to the system, resets the peak. */
    private static long settledResident() {
        System.gc();
        Function.getFunction("c", "malloc_trim").invokeInt(new Object[] {0});
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return status("VmRSS:");
        } catch (Exception e) {
            throw new IllegalStateException("needs Linux's /proc/self/clear_refs and status", e);
        }
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }
}
