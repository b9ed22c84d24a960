package org.actionbench.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.TinyWorld;
import org.actionbench.runner.spec.ComputeSpec;
import org.actionbench.runner.spec.RunSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory estimate of SD 2.1-base cells, planned from its config files alone (the repository holds no
 * weights): each part against its own arithmetic from the published sizes and the methods' settings.
 */
class MemoryEstimateTest {
    static final Path SD21 = Path.of("../engine/src/test/resources/config/sd21-base").toAbsolutePath().normalize();
    static final long UNET = 865_910_724L;
    static final long TEXT_ENCODER = 340_387_840L;
    static final long VAE = 83_653_863L;

    static RunPlan plan(Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        Path spec = dir.resolve("spec.yaml");
        java.nio.file.Files.writeString(spec, "bench: " + world.bench() + "\nmodel: " + SD21 + "\noutput: "
                + dir.resolve("run") + "\n" + """
                methods:
                  - stable-diffusion
                  - dreambooth
                  - textual-inversion
                  - custom-diffusion
                  - p-plus
                  - adi
                  - {method: adi, name: adi-no-masks, settings: {masks: none}}
                actions: [bow]
                subjects: [cat]
                imagesPerPair: 2
                """);
        return Planner.planFromConfigs(RunSpecReader.read(spec), MethodCatalog.installed());
    }

    private static Map<String, MemoryEstimate.CellMemory> byMethod(MemoryEstimate e) {
        Map<String, MemoryEstimate.CellMemory> out = new java.util.LinkedHashMap<>();
        e.cells().forEach(c -> out.put(c.cell().cell().method(), c));
        return out;
    }

    private static long part(MemoryEstimate.Peak peak, String prefix) {
        return peak.parts().stream().filter(p -> p.name().startsWith(prefix)).mapToLong(MemoryEstimate.Part::bytes)
                .sum();
    }

    @Test
    void trainingCountsTheWeightsTheTrainedStateAndEachPassesImages(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        ModelShapes shapes = ModelShapes.read(SD21);
        assertEquals(Map.of("text_encoder", TEXT_ENCODER, "unet", UNET, "vae", VAE), shapes.parameters());
        Map<String, MemoryEstimate.CellMemory> m = byMethod(MemoryEstimate.of(plan, shapes, ComputeSpec.DEFAULT));
        long perImage = shapes.unetSavedFloats(64, 64) * 4;
        long perPrompt = shapes.textEncoderSavedFloats() * 4;
        long attention = 2L * shapes.unetLargestSavedFloats(64, 64) * 4;
        // 5 heads x 4096 x 4096 at the top level: 320 MiB per image, and as much again for its gradient
        assertEquals(2L * 5 * 4096 * 4096 * 4, attention);

        assertNull(m.get("stable-diffusion").training());
        MemoryEstimate.Peak dreambooth = m.get("dreambooth").training();
        assertEquals((UNET + TEXT_ENCODER + VAE) * 4, part(dreambooth, "weights "));
        assertEquals(UNET * 24, part(dreambooth, "trained "), "copy, gradient, its copy, clipped copy, AdamW m and v");
        // batch 1 plus one prior image in the same pass; no gradient into the text encoder
        assertEquals(2 * perImage, part(dreambooth, "activations"));
        assertEquals(2 * attention, part(dreambooth, "largest transient"));

        // Textual Inversion: batch 1 x 4 accumulated micro-batches, computed in one pass at 64 x 64 latents
        MemoryEstimate.Peak ti = m.get("textual-inversion").training();
        assertEquals(1024L * 24, part(ti, "trained "));
        assertEquals(4 * perImage + 4 * perPrompt, part(ti, "activations"));
        // Custom Diffusion: 2 instance + 2 class images; cross-attention K and V of 16 layers + one token
        MemoryEstimate.Peak cd = m.get("custom-diffusion").training();
        assertEquals((shapes.crossAttentionKeyValueParameters() + 1024) * 24, part(cd, "trained "));
        assertEquals(4 * perImage + 4 * perPrompt, part(cd, "activations"));
        // P+: 8 images, each prompt encoded once per cross-attention layer (16)
        assertEquals(16, shapes.crossAttentionLayers());
        MemoryEstimate.Peak pplus = m.get("p-plus").training();
        assertEquals(16L * 1024 * 24, part(pplus, "trained "));
        assertEquals(8 * perImage + 8 * 16 * perPrompt, part(pplus, "activations"));
        // ADI's triple in one pass; without masks the anchor alone
        assertEquals(3 * perImage + 3 * 16 * perPrompt, part(m.get("adi").training(), "activations"));
        assertEquals(perImage + 16 * perPrompt, part(m.get("adi-no-masks").training(), "activations"));
    }

    @Test
    void fp16HalvesTheFrozenComponentsWeightsAndASmallerChunkBoundsSampling(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        ModelShapes shapes = ModelShapes.read(SD21);
        ComputeDevice cuda = ComputeDevice.parse("cuda");
        MemoryEstimate fp32 = MemoryEstimate.of(plan, shapes, new ComputeSpec(cuda, "fp32", 16));
        MemoryEstimate fp16 = MemoryEstimate.of(plan, shapes, new ComputeSpec(cuda, "fp16", 16));
        MemoryEstimate.Peak db32 = byMethod(fp32).get("dreambooth").training();
        MemoryEstimate.Peak db16 = byMethod(fp16).get("dreambooth").training();
        // DreamBooth trains the UNet: it stays fp32, the text encoder and the VAE are halved.
        assertEquals(UNET * 4 + (TEXT_ENCODER + VAE) * 2, part(db16, "weights "));
        assertEquals(part(db32, "trained "), part(db16, "trained "), "trained parameters stay fp32");
        assertEquals(db32.bytes() - (TEXT_ENCODER + VAE) * 2, db16.bytes());
        // Stable Diffusion trains nothing: every component halved.
        assertEquals((UNET + TEXT_ENCODER + VAE) * 2,
                part(byMethod(fp16).get("stable-diffusion").sampling(), "weights "));

        // sampling at batch 2 (the cell's two images): the attention chunk bounds what is live
        long chunk16 = byMethod(fp32).get("stable-diffusion").sampling().bytes();
        long chunk1 = byMethod(MemoryEstimate.of(plan, shapes, new ComputeSpec(cuda, "fp32", 1)))
                .get("stable-diffusion").sampling().bytes();
        long whole = byMethod(MemoryEstimate.of(plan, shapes, new ComputeSpec(cuda, "fp32", 1 << 20)))
                .get("stable-diffusion").sampling().bytes();
        assertTrue(chunk1 < chunk16 && chunk16 < whole, chunk1 + " < " + chunk16 + " < " + whole);
        // unchunked, the guided batch of 4 holds 5 heads' 4096 x 4096 scores and probabilities at once (2.5 GiB);
        // in 16 MiB chunks everything but the weights stays below that
        long scores = 2L * 4 * 5 * 4096 * 4096 * 4;
        long weights = (UNET + TEXT_ENCODER + VAE) * 4;
        assertTrue(whole - weights >= scores, "unchunked: " + (whole - weights));
        assertTrue(chunk16 - weights < scores, "chunked: " + (chunk16 - weights));
    }

    @Test
    void thePrintoutNamesEachCellsPeaksAndWhetherTheyFitACard(@TempDir Path dir) throws Exception {
        RunPlan plan = plan(dir);
        MemoryEstimate e = MemoryEstimate.of(plan, ModelShapes.read(SD21), new ComputeSpec(ComputeDevice.parse("cuda"),
                "fp32", 16));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 24L << 30);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).matches("memory cell 0 stable-diffusion bow train - sample \\d+\\.\\d\\d GiB; fits 24\\.00 GiB"),
                lines.get(0));
        String pplus = lines.stream().filter(l -> l.startsWith("memory cell 4 p-plus bow")).findFirst().orElseThrow();
        assertTrue(pplus.endsWith("; does not fit 24.00 GiB"), pplus);
        String max = lines.get(lines.size() - 1);
        assertTrue(max.startsWith("memory max ") && max.contains("(cell 4 p-plus/bow)"), max);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("memory stable-diffusion train")), "SD trains nothing");
    }
}
