package org.actionbench.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanEstimateTest {

    private static RunPlan plan(Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        return Planner.plan(RunSpecReader.read(world.spec(dir.resolve("spec.yaml"), dir.resolve("run"), """
                methods:
                  - {method: textual-inversion, settings: {steps: 10}}
                  - stable-diffusion
                actions: [bow, squat]
                subjects: [cat]
                imagesPerPair: 2
                """)), MethodCatalog.installed(), Planner.Output.NEW);
    }

    /** Hand-made unit costs: FLOPs and seconds chosen so every sum below is exact in binary. */
    private static final MethodCost TEXTUAL_INVERSION = new MethodCost(new Cost(100, 1), Map.of("steps", 1),
            Map.of("steps", new Cost(10, 0.5)), new Cost(7, 0.25));
    private static final MethodCost STABLE_DIFFUSION = new MethodCost(new Cost(0, 0.5), Map.of(), Map.of(),
            new Cost(7, 0.25));

    @Test
    void aCellIsTheProbePlusTheExtraUnitsOfEachCountPlusItsImages(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        PlanEstimate e = PlanEstimate.of(plan, Map.of("textual-inversion", TEXTUAL_INVERSION,
                "stable-diffusion", STABLE_DIFFUSION), 1, 2);
        assertEquals(4, e.cells().size());
        PlanEstimate.CellEstimate ti = e.cells().get(0);
        // 10 steps: the probe's 1 step + 9 more; 2 images
        assertEquals(new Cost(100 + 9 * 10, 1 + 9 * 0.5), ti.training());
        assertEquals(new Cost(2 * 7, 2 * 0.25), ti.sampling());
        assertEquals(new Cost(204, 6), ti.total());
        PlanEstimate.CellEstimate sd = e.cells().get(2);
        assertEquals(new Cost(0, 0.5), sd.training());
        // no training steps: the probe's 0.5 s (model work, artifact written and read) + 2 images
        assertEquals(new Cost(14, 1), sd.total());
        assertEquals(new Cost(2 * 204 + 2 * 14, 2 * 6 + 2 * 1), e.total());
        // one at a time, the wall time is the sum
        assertEquals(14, e.wallSeconds());
    }

    @Test
    void cellsAtOnceAreScheduledLongestFirstEachSlowerBesideTheOthers(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        Map<String, MethodCost> costs = Map.of("textual-inversion", TEXTUAL_INVERSION,
                "stable-diffusion", STABLE_DIFFUSION);
        double f = PlanEstimate.SIDE_BY_SIDE_SLOWDOWN;
        // 2 at once on 2 cores: both TI cells (10 steps) first, 6 s × f each, side by side, ending at 6 f;
        // then the SD cells (1 s × f) side by side: 6 f + f
        assertEquals(7 * f, PlanEstimate.of(plan, costs, 2, 2).wallSeconds(), 1e-12);
        // 4 at once on 2 cores: all start together, each f × 4/2 slower; the longest is 6 s × 2 f
        assertEquals(12 * f, PlanEstimate.of(plan, costs, 4, 2).wallSeconds(), 1e-12);
        assertEquals(2 * f, PlanEstimate.of(plan, costs, 4, 2).slowdown(4), 1e-12);
    }

    @Test
    void classImagesTwoMethodsShareAreChargedToTheFirstOfAnActionsCellsToRun(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        RunPlan plan = Planner.plan(RunSpecReader.read(world.spec(dir.resolve("spec.yaml"), dir.resolve("run"), """
                methods:
                  - {method: custom-diffusion, settings: {steps: 2, classImages: 4}}
                  - {method: dreambooth, settings: {steps: 3, classImages: 4}}
                  - {method: dreambooth, name: other-seed, settings: {steps: 3, classImages: 4, seed: 5}}
                actions: [bow, squat]
                subjects: [cat]
                imagesPerPair: 1
                """)), MethodCatalog.installed(), Planner.Output.NEW);
        // One unit of work per class image, none for anything else.
        Map<String, Integer> probeCounts = Map.of("steps", 1, "classImages", 1);
        MethodCost cost = new MethodCost(new Cost(1, 1), probeCounts, Map.of("steps", Cost.ZERO, "classImages",
                new Cost(1, 1)), Cost.ZERO);
        PlanEstimate e = PlanEstimate.of(plan, Map.of("custom-diffusion", cost, "dreambooth", cost,
                "other-seed", cost), 1, 2);
        Map<String, Double> byCell = new java.util.HashMap<>();
        e.cells().forEach(c -> byCell.put(c.cell().label(), c.training().flops()));
        // DreamBooth (3 steps) runs before Custom Diffusion (2): it makes each action's 4 class images, and
        // Custom Diffusion, whose class images are the same, makes none: the probe minus its one class image.
        assertEquals(4.0, byCell.get("dreambooth/bow"));
        assertEquals(4.0, byCell.get("dreambooth/squat"));
        assertEquals(0.0, byCell.get("custom-diffusion/bow"));
        assertEquals(0.0, byCell.get("custom-diffusion/squat"));
        // Another seed is other class images.
        assertEquals(4.0, byCell.get("other-seed/bow"));
    }

    @Test
    void aMethodWithoutMeasuredCostsOrWithOtherCountsIsRefused(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        assertThrows(IllegalArgumentException.class,
                () -> PlanEstimate.of(plan, Map.of("textual-inversion", TEXTUAL_INVERSION), 1, 2));
        assertThrows(IllegalArgumentException.class, () -> TEXTUAL_INVERSION.training(Map.of("classImages", 3)));
        assertEquals(List.of("steps", "classImages", "dreamboothSteps", "actionDifferentPerExemplar"),
                MethodCost.COUNT_SETTINGS);
    }
}
