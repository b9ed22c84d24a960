package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.mini.world.MiniBench;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.mini.model.TinyModels;
import org.actionbench.engine.weights.DType;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.Planner;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void theQuickProfileIsAValidSpecOfEveryMethodOnTwoActionsThreeSubjectsTwoImages(@TempDir Path dir) throws Exception {
        MiniBench.write(dir.resolve("bench"), 0, 64);
        try (StableDiffusion tiny = TinyModels.random(1)) {
            tiny.save(dir.resolve("model"), DType.F32);
        }
        Files.writeString(dir.resolve("spec.yaml"), DemoCommand.quickSpec(dir.resolve("model")), StandardCharsets.UTF_8);
        RunPlan plan = Planner.plan(RunSpecReader.read(dir.resolve("spec.yaml")), MethodCatalog.installed(),
                Planner.Output.NEW);
        List<String> methods = plan.cells().stream().map(PlannedCell::cell).map(c -> c.method()).distinct().toList();
        assertEquals(List.of("stable-diffusion", "controlnet", "dreambooth", "textual-inversion", "reversion",
                "custom-diffusion", "p-plus", "adi"), methods);
        assertEquals(16, plan.cells().size());
        assertEquals(16 * 3 * 2, plan.imageCount());
    }
}
