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
        assertEquals(CostProbes.MAX_EXTRA, CostProbes.extraFor(100, new Cost(30, 0), 1, s), "no time: the most");
        assertEquals(1, CostProbes.extraFor(1000, new Cost(0, 0.2), 1, s), "a count that adds no work is not raised");
        assertEquals(4, CostProbes.extraFor(100, new Cost(30, 0.1), 4, 0), "by work alone");
    }

    @Test
    void aSamplerFarSlowerAGflopThanThePlansMedianIsMeasuredAgain() {
        // Plain images of 83.3 GFLOP at about 1 s, ControlNet's 114.9 GFLOP at 1.33 s, DreamBooth's caught slow.
        Map<String, MethodCost> costs = new java.util.LinkedHashMap<>();
        costs.put("stable-diffusion", sampling(83.3, 1.00));
        costs.put("controlnet", sampling(114.9, 1.33));
        costs.put("dreambooth", sampling(83.3, 2.40));
        costs.put("textual-inversion", sampling(83.3, 0.97));
        costs.put("reversion", sampling(83.3, 1.30));
        java.util.Set<String> all = costs.keySet();
        assertEquals(List.of("dreambooth"), CostProbes.slowSamplers(costs, all, CostProbes.SLOW_SAMPLER));
        // Only what was measured now is measured again (a cached entry stays as it was).
        assertEquals(List.of(), CostProbes.slowSamplers(costs, java.util.Set.of("reversion"), CostProbes.SLOW_SAMPLER));
        // Fewer than three samplers make no median to trust.
        assertEquals(List.of(), CostProbes.slowSamplers(Map.of("a", sampling(83.3, 1), "b", sampling(83.3, 5)), all,
                CostProbes.SLOW_SAMPLER));
    }

    static MethodCost sampling(double gflop, double seconds) {
        return new MethodCost(new Cost(1e9, 1), Map.of(), Map.of(), new Cost(gflop * 1e9, seconds));
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
            // FLOPs are checked here, not times: the rules that rest on a tiny model's times (overheads) are off.
            Map<String, MethodCost> costs =
                    new CostProbes(plan, model, cache, notes::add, CostProbes.TimingRules.FLOPS_ONLY).measure();
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
            assertEquals(costs, new CostProbes(plan, model, cache, again::add, CostProbes.TimingRules.FLOPS_ONLY)
                    .measure());
            assertEquals(List.of(), again);
        }
    }
}
