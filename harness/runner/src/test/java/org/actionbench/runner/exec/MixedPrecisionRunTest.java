package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.run.RunLayout;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.progress.ProgressSink;
import org.actionbench.runner.spec.ComputeSpec;
import org.actionbench.runner.spec.RunSpecReader;
import org.actionbench.runner.spec.SpecDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code precision: fp16} through the local executor: one process, one shared model, cells whose methods train
 * different components, so the model goes to float16 and back between cells. The spec refuses fp16 on the CPU, so the
 * test sets the compute spec directly: the wiring is device-independent.
 */
class MixedPrecisionRunTest {
    static final String GRID = """
            methods:
              - method: textual-inversion
                settings: {steps: 2, gradientAccumulation: 1}
              - method: dreambooth
                settings: {steps: 1, classImages: 1, classSamplingSteps: 2}
              - stable-diffusion
            actions: [raise-one-arm]
            subjects: [old-man]
            imagesPerPair: 1
            seeds: {training: 3, sampling: 11}
            sampler: {steps: 3}
            """;

    @Test
    void eachCellRunsInItsMethodsPrecisionsAndSaysSoInTrainLogAndRunJson(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        SpecDocument read = RunSpecReader.read(world.spec(dir.resolve("s.yaml"), dir.resolve("run"), GRID));
        SpecDocument half = new SpecDocument(read.file(), read.given(),
                read.spec().withCompute(new ComputeSpec(ComputeDevice.CPU, ComputeSpec.FP16)));
        Path run = new LocalExecutor(MethodCatalog.installed(), ProgressSink.NONE).run(half);
        RunLayout layout = new RunLayout(run);
        String ti = "text_encoder fp32, unet fp16, vae fp16, controlnet fp16";
        String db = "text_encoder fp16, unet fp32, vae fp16, controlnet fp16";
        String sd = "text_encoder fp16, unet fp16, vae fp16, controlnet fp16";
        // in plan order, so the UNet goes to float16, back to float32 (reloaded) and to float16 again
        assertComputeLine(layout, "textual-inversion", ti);
        assertComputeLine(layout, "dreambooth", db);
        assertComputeLine(layout, "stable-diffusion", sd);
        JsonNode versions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                layout.manifest().toFile()).get("versions");
        assertEquals("fp16", versions.get("precision").asText());
        assertEquals(ti, versions.get("precision textual-inversion").asText());
        assertEquals(db, versions.get("precision dreambooth").asText());
        assertEquals(sd, versions.get("precision stable-diffusion").asText());
        for (String method : List.of("textual-inversion", "dreambooth", "stable-diffusion")) {
            assertTrue(Files.exists(layout.cell(new RunLayout.Cell(method, "raise-one-arm"))
                    .resolve("samples/old-man/0.png")), method + " sampled");
        }
    }

    static void assertComputeLine(RunLayout layout, String method, String precisions) throws Exception {
        List<String> log = Files.readAllLines(layout.trainLog(new RunLayout.Cell(method, "raise-one-arm")));
        assertTrue(log.get(1).endsWith(", precision fp16 (" + precisions + ")"), log.get(1));
    }
}
