package org.actionbench.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config files of stabilityai/stable-diffusion-2-1-base (test resources under {@code config/sd21-base},
 * written out from the published snapshot's values) parse to the published architecture.
 */
class Sd21BaseConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path snapshot() throws URISyntaxException {
        return Path.of(Sd21BaseConfigsTest.class.getResource("/config/sd21-base/model_index.json").toURI()).getParent();
    }

    @Test
    void unet() throws Exception {
        UNetConfig u = UNetConfig.read(snapshot().resolve("unet/config.json"));
        assertEquals("UNet2DConditionModel", u.className());
        assertEquals("0.10.0.dev0", u.diffusersVersion());
        assertEquals(64, u.sampleSize());
        assertEquals(4, u.downPath().inChannels());
        assertEquals(4, u.outChannels());
        assertEquals(List.of(320, 640, 1280, 1280), u.downPath().blockOutChannels());
        assertEquals(List.of(5, 10, 20, 20), u.downPath().attentionHeadDim());
        assertNull(u.downPath().numAttentionHeads());
        assertEquals(List.of(5, 10, 20, 20), u.downPath().heads());
        // Head size 64 in every block: channels / heads.
        for (int i = 0; i < u.downPath().blocks(); i++) {
            assertEquals(64, u.downPath().blockOutChannels().get(i) / u.downPath().heads().get(i));
        }
        assertEquals(List.of(1024, 1024, 1024, 1024), u.downPath().crossAttentionDim());
        assertTrue(u.downPath().useLinearProjection());
        assertEquals(List.of(2, 2, 2, 2), u.downPath().layersPerBlock());
        assertEquals(List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                u.downPath().downBlockTypes());
        assertEquals(List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                u.upBlockTypes());
        assertEquals("UNetMidBlock2DCrossAttn", u.downPath().midBlockType()); // absent: diffusers' default
        assertEquals(32, u.downPath().normNumGroups());
        assertEquals(1e-5, u.downPath().normEps());
        assertEquals("silu", u.downPath().actFn());
        assertTrue(u.downPath().flipSinToCos());
        assertEquals(0, u.downPath().freqShift());
        assertEquals(1.0, u.downPath().midBlockScaleFactor());
        assertEquals(1, u.downPath().downsamplePadding());
        assertEquals(List.of(false, false, false, false), u.downPath().onlyCrossAttention());
        assertEquals(List.of(1, 1, 1, 1), u.downPath().transformerLayersPerBlock());
        assertFalse(u.downPath().upcastAttention());
        assertFalse(u.dualCrossAttention());
        assertNull(u.downPath().classEmbedType());
        assertEquals("default", u.downPath().resnetTimeScaleShift());
        assertEquals("positional", u.timeEmbeddingType());
        assertEquals(3, u.convInKernel());
        assertEquals(3, u.convOutKernel());
        assertEquals(1280, u.downPath().timeEmbedDim());
    }

    @Test
    void textEncoder() throws Exception {
        ClipTextConfig t = ClipTextConfig.read(snapshot().resolve("text_encoder/config.json"));
        assertEquals(1024, t.hiddenSize());
        assertEquals(23, t.numHiddenLayers());
        assertEquals(16, t.numAttentionHeads());
        assertEquals(64, t.headDim());
        assertEquals(4096, t.intermediateSize());
        assertEquals("gelu", t.hiddenAct());
        assertEquals(49408, t.vocabSize());
        assertEquals(77, t.maxPositionEmbeddings());
        assertEquals(512, t.projectionDim());
        assertEquals(1e-5, t.layerNormEps());
        assertEquals(0, t.bosTokenId());
        assertEquals(2, t.eosTokenId());
        assertEquals(1, t.padTokenId());
        assertEquals(List.of("CLIPTextModel"), t.architectures());
    }

    @Test
    void vae() throws Exception {
        VaeConfig v = VaeConfig.read(snapshot().resolve("vae/config.json"));
        assertEquals(List.of(128, 256, 512, 512), v.blockOutChannels());
        assertEquals(4, v.latentChannels());
        assertEquals(768, v.sampleSize());
        assertEquals(2, v.layersPerBlock());
        assertEquals(3, v.inChannels());
        assertEquals(3, v.outChannels());
        assertEquals(32, v.normNumGroups());
        assertEquals(0.18215, v.scalingFactor()); // absent from the 0.10 file: diffusers' default
        assertNull(v.shiftFactor());
        assertTrue(v.forceUpcast());
        assertEquals(8, v.downsampleFactor());
        assertEquals(List.of("DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"),
                v.downBlockTypes());
    }

    @Test
    void scheduler() throws Exception {
        SchedulerConfig s = SchedulerConfig.read(snapshot().resolve("scheduler/scheduler_config.json"));
        assertEquals("PNDMScheduler", s.className());
        assertEquals(1000, s.numTrainTimesteps());
        assertEquals("scaled_linear", s.betaSchedule());
        assertEquals(0.00085, s.betaStart());
        assertEquals(0.012, s.betaEnd());
        assertEquals(1, s.stepsOffset());
        assertEquals(Boolean.TRUE, s.skipPrkSteps());
        assertFalse(s.setAlphaToOne());
        assertFalse(s.clipSample());
        assertEquals("epsilon", s.predictionType());
        assertNull(s.trainedBetas());
        // Absent from the file: DDIMScheduler's defaults.
        assertEquals("leading", s.timestepSpacing());
        assertFalse(s.thresholding());
        assertFalse(s.rescaleBetasZeroSnr());
        assertEquals(1.0, s.clipSampleRange());
    }

    @Test
    void modelIndex() throws Exception {
        ModelIndex m = ModelIndex.read(snapshot().resolve("model_index.json"));
        assertEquals("StableDiffusionPipeline", m.className());
        assertEquals(new ModelIndex.ComponentRef("diffusers", "UNet2DConditionModel"), m.component("unet").orElseThrow());
        assertEquals(new ModelIndex.ComponentRef("transformers", "CLIPTextModel"),
                m.component("text_encoder").orElseThrow());
        assertEquals(new ModelIndex.ComponentRef("diffusers", "PNDMScheduler"), m.component("scheduler").orElseThrow());
        assertTrue(m.components().containsKey("safety_checker"));
        assertTrue(m.component("safety_checker").isEmpty());
        assertTrue(m.component("controlnet").isEmpty());
        assertEquals(Map.of("requires_safety_checker", false), m.options());
    }

    /**
     * Writing back keeps every field the published file sets, with the same JSON value (our writer adds
     * the defaults it knows; fields set to null in the file may be omitted).
     */
    @Test
    void writtenConfigsKeepEveryPublishedValue() throws Exception {
        Path s = snapshot();
        check(s.resolve("unet/config.json"), p -> UNetConfig.read(p).write(dir.resolve("unet.json")), "unet.json", Set.of());
        check(s.resolve("vae/config.json"), p -> VaeConfig.read(p).write(dir.resolve("vae.json")), "vae.json", Set.of());
        check(s.resolve("scheduler/scheduler_config.json"),
                p -> SchedulerConfig.read(p).write(dir.resolve("sched.json")), "sched.json", Set.of());
        check(s.resolve("model_index.json"), p -> ModelIndex.read(p).write(dir.resolve("index.json")), "index.json",
                Set.of());
        check(s.resolve("text_encoder/config.json"), p -> ClipTextConfig.read(p).write(dir.resolve("text.json")),
                "text.json", Set.of("_name_or_path", "attention_dropout", "dropout", "initializer_factor",
                        "initializer_range", "torch_dtype", "transformers_version"));

        // And each written file reads back to the same record.
        assertEquals(UNetConfig.read(s.resolve("unet/config.json")), UNetConfig.read(dir.resolve("unet.json")));
        assertEquals(VaeConfig.read(s.resolve("vae/config.json")), VaeConfig.read(dir.resolve("vae.json")));
        assertEquals(SchedulerConfig.read(s.resolve("scheduler/scheduler_config.json")),
                SchedulerConfig.read(dir.resolve("sched.json")));
        assertEquals(ModelIndex.read(s.resolve("model_index.json")), ModelIndex.read(dir.resolve("index.json")));
        assertEquals(ClipTextConfig.read(s.resolve("text_encoder/config.json")),
                ClipTextConfig.read(dir.resolve("text.json")));
    }

    private interface Rewrite {
        void apply(Path published) throws IOException;
    }

    private void check(Path published, Rewrite rewrite, String written, Set<String> notKept) throws IOException {
        rewrite.apply(published);
        JsonNode original = JSON.readTree(published.toFile());
        JsonNode ours = JSON.readTree(dir.resolve(written).toFile());
        for (var e : original.properties()) {
            if (notKept.contains(e.getKey()) || (e.getValue().isNull() && !ours.has(e.getKey()))) {
                continue;
            }
            JsonNode mine = ours.get(e.getKey());
            assertTrue(mine != null, written + " lacks " + e.getKey());
            if (e.getValue().isNumber()) {
                assertEquals(e.getValue().doubleValue(), mine.doubleValue(), written + " " + e.getKey());
            } else {
                assertEquals(e.getValue(), mine, written + " " + e.getKey());
            }
        }
        String text = Files.readString(dir.resolve(written));
        assertTrue(text.endsWith("\n"));
        if (original.has("_class_name")) {
            assertTrue(text.startsWith("{\n  \"_class_name\": "), text);
        }
    }
}
