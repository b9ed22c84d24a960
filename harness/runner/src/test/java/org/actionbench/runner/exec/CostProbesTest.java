package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionbench.data.run.RunLayout;
import org.actionbench.engine.nn.FlopCounter;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.Cost;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.MethodCost;
import org.actionbench.runner.plan.PlanEstimate;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostProbesTest {

    @Test
    void aCountIsRaisedUntilItAddsAsMuchWorkAsTheProbeAndThreeSeconds() {
        double s = CostProbes.MIN_ADDED_SECONDS;
        assertEquals(4, CostProbes.extraFor(100, new Cost(30, 1), 4, s), "4 steps add 120 % and 4 s already");
        assertEquals(50, CostProbes.extraFor(1000, new Cost(20, 1), 1, s), "50 units add the probe's work again");
        assertEquals(30, CostProbes.extraFor(100, new Cost(30, 0.1), 4, s), "30 steps of 0.1 s add 3 s");
        assertEquals(CostProbes.MAX_EXTRA, CostProbes.extraFor(1e12, new Cost(1, 1), 1, s));
        assertEquals(CostProbes.MAX_EXTRA, CostProbes.extraFor(100, new Cost(30, 0), 1, s), "no time seen: raised most");
        assertEquals(1, CostProbes.extraFor(1000, new Cost(0, 0.2), 1, s), "a count that adds no work is not raised");
        assertEquals(4, CostProbes.extraFor(100, new Cost(30, 0.1), 4, CostProbes.NO_MIN_SECONDS), "by work alone");
    }

    /**
     * The probes run shrunk cells (1 step, 1 class image, no or one batch of images); the estimate extrapolates
     * them linearly. Counting the real cells, run in full, must give the same FLOPs: the extrapolation is exact
     * for work linear in the counts, and anything that is not (a step that costs more than the probe's, class
     * images that are not generated once each, a sampling batch the probe did not run) shows here.
     */
    @Test
    void theEstimatedFlopsOfACellAreTheFlopsCountedWhileItRuns(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        RunPlan plan = Planner.plan(RunSpecReader.read(world.spec(dir.resolve("s.yaml"), dir.resolve("run"), """
                methods:
                  - {method: textual-inversion, settings: {steps: 3}}
                  - {method: dreambooth, settings: {steps: 3, classImages: 3, classSamplingSteps: 2}}
                  - stable-diffusion
                  - {method: adi, settings: {steps: 2, actionDifferentSource: generate, dreamboothSteps: 3,
                      actionDifferentPerExemplar: 2, samplingSteps: 2}}
                actions: [bow]
                subjects: [cat, old-man]
                imagesPerPair: 2
                sampler: {steps: 2, batch: 4}
                """)), MethodCatalog.installed(), Planner.Output.NEW);
        Path cache = dir.resolve("cache.properties");
        try (StableDiffusion model = StableDiffusion.load(plan.model(),
                plan.source().spec().compute().device().resolve())) {
            List<String> notes = new ArrayList<>();
            // FLOPs are checked here, not times: raised by the work alone, not to seconds of a tiny model's steps.
            Map<String, MethodCost> costs = new CostProbes(plan, model, cache, notes::add, CostProbes.NO_MIN_SECONDS)
                    .measure();
            assertEquals(4, notes.size(), notes.toString());
            PlanEstimate estimate = PlanEstimate.of(plan, costs, 1, 2);
            CellRunner runner = new CellRunner(plan, new RunLayout(dir.resolve("run")), model, ProgressSink.NONE);
            for (PlanEstimate.CellEstimate e : estimate.cells()) {
                long counted = FlopCounter.count(() -> {
                    try {
                        return runner.run(e.cell());
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                }).totalFlops();
                assertTrue(counted > 0, e.cell().label());
                assertEquals(counted, e.total().flops(), 1e-9 * counted, e.cell().label());
            }
            assertTrue(costs.get("dreambooth").perUnit().get("classImages").flops() > 0,
                    "a class image is work: " + costs.get("dreambooth"));

            // ADI's one-shot DreamBooth steps are a small part of its probe: raised until they add its work again.
            MethodCost adi = costs.get("adi");
            Cost dreamboothStep = adi.perUnit().get("dreamboothSteps");
            assertTrue(dreamboothStep.flops() > 0, adi.toString());
            assertTrue(CostProbes.extraFor(adi.probe().flops(), dreamboothStep, 1, 0) > 1, adi.toString());

            // Measured once: the same plan reads the cache, measures nothing and gets the same costs.
            assertTrue(Files.isRegularFile(cache));
            List<String> again = new ArrayList<>();
            assertEquals(costs, new CostProbes(plan, model, cache, again::add, CostProbes.NO_MIN_SECONDS)
                    .measure());
            assertEquals(List.of(), again);
        }
    }
}
