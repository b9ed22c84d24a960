package org.actionbench.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.weights.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextToImagePipelineTest {
    static StableDiffusion model;

    @BeforeAll
    static void build() throws Exception {
        model = TinyStableDiffusion.build(3, 16, 32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static TextToImagePipeline.Request request(StableDiffusion m, List<String> prompts, List<Long> seeds) {
        return TextToImagePipeline.Request.of(m, prompts, seeds, PromptConditioner.text(m.promptEncoder()))
                .withSteps(4);
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherImage() throws Exception {
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        List<BufferedImage> a = pipeline.generate(request(model, List.of("a panda", "a panda"), List.of(7L, 8L)));
        List<BufferedImage> b = pipeline.generate(request(model, List.of("a panda", "a panda"), List.of(7L, 8L)));
        assertEquals(2, a.size());
        assertEquals(16, a.get(0).getWidth());
        assertEquals(16, a.get(0).getHeight());
        assertArrayEquals(png(a.get(0)), png(b.get(0)));
        assertArrayEquals(png(a.get(1)), png(b.get(1)));
        assertFalse(java.util.Arrays.equals(png(a.get(0)), png(a.get(1))), "seeds 7 and 8 gave the same image");
    }

    @Test
    void perLayerPlaceholderRowsEqualToAWordGiveThatWordsImage() throws Exception {
        StableDiffusion m = model;
        var tokenizer = m.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder("<act>", 1);
        var encoder = new org.actionbench.engine.text.PromptEncoder(tokenizer, m.promptEncoder().textModel());
        int panda = m.promptEncoder().tokenizer().encode("panda")[0];
        NDArray row = m.promptEncoder().textModel().tokenEmbedding().weight().array()
                .get(new ai.djl.ndarray.index.NDIndex("{}:{}", panda, panda + 1));
        NDArray rows = row.expandDims(0).repeat(0, m.unet().crossAttentionLayers()); // [L, 1, D]
        TextToImagePipeline pipeline = new TextToImagePipeline(m);
        BufferedImage viaWord = pipeline.generate(request(m, List.of("a panda"), List.of(4L))).get(0);
        BufferedImage viaLayers = pipeline.generate(TextToImagePipeline.Request.of(m, List.of("a <act>"),
                List.of(4L), PromptConditioner.perLayer(encoder, rows)).withSteps(4)).get(0);
        assertArrayEquals(png(viaWord), png(viaLayers));
    }

    @Test
    void aFreshControlNetLeavesTheImageUnchanged() throws Exception {
        var controlnet = org.actionbench.engine.controlnet.ControlNetModel.fromUNet(model.unet());
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        // SD's default conditioning embedding downsamples by 8: 8×8 latents take a 64×64 pose map.
        BufferedImage pose = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        pose.setRGB(32, 32, 0xff0000);
        BufferedImage plain = pipeline.generate(request(model, List.of("a man"), List.of(2L))).get(0);
        BufferedImage controlled = pipeline.generate(request(model, List.of("a man"), List.of(2L))
                .withControl(new TextToImagePipeline.Control(controlnet, List.of(pose), 1f))).get(0);
        // Zero convolutions start at zero: the ControlNet adds exactly nothing until trained.
        assertArrayEquals(png(plain), png(controlled));
    }

    @Test
    void denoisingStepsLeaveNoArraysBehindWithPerLayerContextsAndAControlNet() throws Exception {
        var tokenizer = model.promptEncoder().tokenizer().withoutPlaceholders();
        tokenizer.addPlaceholder("<act>", 1);
        var encoder = new org.actionbench.engine.text.PromptEncoder(tokenizer, model.promptEncoder().textModel());
        List<Integer> live = new ArrayList<>();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray rows = m.randomNormal(new Shape(model.unet().crossAttentionLayers(), 1,
                    model.promptEncoder().textModel().tokenEmbedding().weight().array().getShape().get(1)));
            var controlnet = org.actionbench.engine.controlnet.ControlNetModel.fromUNet(model.unet());
            BufferedImage pose = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            StepScope.reportLiveArraysAtStepEnds(live::add);
            try {
                new TextToImagePipeline(model).generate(TextToImagePipeline.Request.of(model, List.of("a <act>"),
                        List.of(4L), PromptConditioner.perLayer(encoder, rows)).withSteps(6)
                        .withControl(new TextToImagePipeline.Control(controlnet, List.of(pose), 1f)));
            } finally {
                StepScope.reportLiveArraysAtStepEnds(null);
            }
        }
        // One step encodes the prompts, six denoise, one decodes.
        assertEquals(8, live.size(), "steps reported: " + live);
        List<Integer> denoising = live.subList(1, 7);
        assertEquals(java.util.Collections.nCopies(6, denoising.get(0)), denoising,
                "live arrays outside each denoising step at its end: " + denoising);
    }

    @Test
    void anImageDoesNotDependOnItsBatch() throws Exception {
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        List<BufferedImage> pair = pipeline.generate(request(model, List.of("a panda", "a cat"), List.of(7L, 8L)));
        BufferedImage alone = pipeline.generate(request(model, List.of("a cat"), List.of(8L))).get(0);
        assertArrayEquals(png(alone), png(pair.get(1)));
    }

    @Test
    void imagesOfDifferentPromptsSampledTogetherMatchEachSampledAloneWithinOneLevel() throws Exception {
        // The runner batches a cell's images across subjects: different prompts and seeds in one call. Batched
        // GEMMs may round differently from single ones, so one 8-bit level is the bound, not bit equality.
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        List<String> prompts = List.of("a panda bows", "a man raises one arm", "a cat squats");
        List<Long> seeds = List.of(21L, 22L, 23L);
        List<BufferedImage> together = pipeline.generate(request(model, prompts, seeds));
        assertEquals(3, together.size());
        for (int i = 0; i < 3; i++) {
            BufferedImage alone = pipeline.generate(request(model, List.of(prompts.get(i)), List.of(seeds.get(i))))
                    .get(0);
            int d = org.actionbench.engine.image.Images.maxChannelDifference(alone, together.get(i));
            assertTrue(d <= 1, "image " + i + " differs by " + d + "/255 between batch 1 and 3");
        }
        BufferedImage first = pipeline.generate(request(model, List.of(prompts.get(0)), List.of(seeds.get(0)))).get(0);
        assertTrue(org.actionbench.engine.image.Images.maxChannelDifference(first, together.get(1)) > 1,
                "the images of other prompts and seeds are not all the same picture");
    }

    @Test
    void snapshotWrittenByTheProjectLoadsBackAndGivesTheSameImages(@TempDir Path dir) throws Exception {
        Path snapshot = dir.resolve("tiny-sd");
        model.save(snapshot, DType.F32);
        assertTrue(Files.isRegularFile(snapshot.resolve("unet/diffusion_pytorch_model.safetensors")));
        assertTrue(Files.isRegularFile(snapshot.resolve("text_encoder/model.safetensors")));
        assertTrue(Files.isRegularFile(snapshot.resolve("tokenizer/vocab.json")));
        try (StableDiffusion loaded = StableDiffusion.load(snapshot)) {
            List<String> prompts = List.of("a man raises both arms");
            BufferedImage original = new TextToImagePipeline(model).generate(request(model, prompts, List.of(5L))).get(0);
            BufferedImage reloaded = new TextToImagePipeline(loaded).generate(request(loaded, prompts, List.of(5L))).get(0);
            assertArrayEquals(png(original), png(reloaded));
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                NDArray x = m.randomNormal(new Shape(1, 4, 8, 8));
                NDArray t = m.create(new long[] {500});
                NDArray ctx = m.randomNormal(new Shape(1, 77, 32));
                assertArrayEquals(model.unet().forward(x, t, ctx).toFloatArray(),
                        loaded.unet().forward(x, t, ctx).toFloatArray());
            }
        }
        Exception e = assertThrows(Exception.class, () -> model.save(snapshot, DType.F32));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    @Test
    void snapshotWithARenamedKeyFailsNamingIt(@TempDir Path dir) throws Exception {
        Path snapshot = dir.resolve("tiny-sd");
        model.save(snapshot, DType.F16);
        assertTrue(Files.isRegularFile(snapshot.resolve("unet/diffusion_pytorch_model.fp16.safetensors")));
        // Rewrite the UNet weights with one key renamed.
        Path weights = snapshot.resolve("unet/diffusion_pytorch_model.fp16.safetensors");
        var tensors = new java.util.LinkedHashMap<String, NDArray>();
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                var file = org.actionbench.engine.weights.SafetensorsFile.open(weights)) {
            for (var info : file.tensors()) {
                String key = info.name().equals("conv_in.weight") ? "conv_input.weight" : info.name();
                tensors.put(key, file.toNDArray(m, info.name()));
            }
            org.actionbench.engine.weights.SafetensorsWriter.write(weights, java.util.Map.of("format", "pt"), tensors,
                    DType.F16);
        }
        Exception e = assertThrows(Exception.class, () -> StableDiffusion.load(snapshot));
        assertTrue(e.getMessage().contains("conv_in.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("conv_input.weight"), e.getMessage());
    }

    @Test
    void badSizesAndSeedCountsAreRejected() {
        TextToImagePipeline pipeline = new TextToImagePipeline(model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> request(model, List.of("a", "b"), List.of(1L)));
        assertTrue(e.getMessage().contains("one seed per prompt"));
        TextToImagePipeline.Request r = request(model, List.of("a"), List.of(1L));
        TextToImagePipeline.Request odd = r.withSteps(2).withSize(15, 16);
        e = assertThrows(IllegalArgumentException.class, () -> pipeline.generate(odd));
        assertTrue(e.getMessage().contains("multiples of 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.withSteps(0));
        assertTrue(e.getMessage().contains("steps must be at least 1"), e.getMessage());
    }

    @Test
    void aRequestStartsFromTheSamplingDefaultsAndEachWithChangesOneSetting() {
        TextToImagePipeline.Request r = TextToImagePipeline.Request.of(model, List.of("a", "b"), List.of(1L, 2L),
                PromptConditioner.text(model.promptEncoder()));
        assertEquals(50, r.steps(), "ADI §5.1 / diffusers: DDIM 50 steps");
        assertEquals(7.5f, r.guidanceScale(), "ADI §5.1 / diffusers: guidance 7.5");
        assertEquals(model.defaultResolution(), r.height());
        assertEquals(model.defaultResolution(), r.width());
        assertEquals("", r.negativePrompt());
        assertNull(r.control());

        TextToImagePipeline.Request changed = r.withSteps(3).withGuidanceScale(2f).withSize(8, 16)
                .withNegativePrompt("blurry");
        assertEquals(List.of(3, 8, 16), List.of(changed.steps(), changed.height(), changed.width()));
        assertEquals(2f, changed.guidanceScale());
        assertEquals("blurry", changed.negativePrompt());
        assertEquals(List.of("a", "b"), changed.prompts());
        assertEquals(List.of(1L, 2L), changed.seeds());
        assertSame(r.conditioner(), changed.conditioner());
        assertEquals(50, r.steps(), "the original is unchanged");
        assertEquals(7.5f, r.guidanceScale());
        assertEquals("", r.negativePrompt());
    }
}
