package org.actionbench.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.TestData;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.StateDictSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptEncoderTest {
    static final int HIDDEN = 8;
    static NDManager manager;
    static ClipTokenizer baseTokenizer;
    static ClipTextModel model;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
        baseTokenizer = ClipTokenizer.load(TestData.clipBpe());
        // The real 49,408-token vocabulary with a tiny transformer on top.
        model = new ClipTextModel(TinyTextConfigs.of(49408, HIDDEN, 16, 2, 2, 77, "gelu"));
        model.initialize(manager, 9);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void placeholderWithAWordsEmbeddingEncodesLikeThatWord() {
        ClipTokenizer tokenizer = baseTokenizer.withoutPlaceholders();
        tokenizer.addPlaceholder("<jump>", 1);
        PromptEncoder encoder = new PromptEncoder(tokenizer, model);
        try (NDManager step = manager.newSubManager()) {
            int cat = 2368; // "cat</w>"
            NDArray row = model.tokenEmbedding().weight().array().get(new NDIndex("{}:{}", cat, cat + 1));
            NDArray withPlaceholder = encoder.encode(step, List.of("a photo of a <jump>"), row);
            NDArray withWord = encoder.encode(step, List.of("a photo of a cat"));
            assertEquals(new Shape(1, 77, HIDDEN), withWord.getShape());
            assertArrayEquals(withWord.toFloatArray(), withPlaceholder.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void perLayerRowsGiveOneContextPerLayer() {
        ClipTokenizer tokenizer = baseTokenizer.withoutPlaceholders();
        tokenizer.addPlaceholder("<act>", 1);
        PromptEncoder encoder = new PromptEncoder(tokenizer, model);
        try (NDManager step = manager.newSubManager()) {
            NDArray rows = step.randomNormal(new Shape(3, 1, HIDDEN));
            NDArray perLayer = encoder.encodePerLayer(step, "a man <act> in a park", rows);
            assertEquals(new Shape(3, 77, HIDDEN), perLayer.getShape());
            for (int l = 0; l < 3; l++) {
                NDArray single = encoder.encode(step, List.of("a man <act> in a park"), rows.get(l));
                assertArrayEquals(single.toFloatArray(), perLayer.get(l).toFloatArray(), 1e-6f, "layer " + l);
            }
            // Different rows, different contexts: the layers are not collapsed into one.
            assertTrue(perLayer.get(0).sub(perLayer.get(1)).abs().max().getFloat() > 1e-4f);
        }
    }

    @Test
    void loadsTokenizerAndFp16TextEncoderFromASnapshot(@TempDir Path snapshot) throws Exception {
        model.config().write(Files.createDirectories(snapshot.resolve("text_encoder")).resolve("config.json"));
        StateDictSaver.save(model, snapshot.resolve("text_encoder/model.fp16.safetensors"), DType.F16,
                Map.of("format", "pt"));
        baseTokenizer.writeTo(snapshot.resolve("tokenizer"));

        PromptEncoder loaded = PromptEncoder.load(snapshot, manager);
        PromptEncoder original = new PromptEncoder(baseTokenizer, model);
        try (NDManager step = manager.newSubManager()) {
            List<String> prompt = List.of("a panda performs a handstand");
            assertArrayEquals(original.ids(step, prompt).toLongArray(), loaded.ids(step, prompt).toLongArray());
            float[] a = original.encode(step, prompt).toFloatArray();
            float[] b = loaded.encode(step, prompt).toFloatArray();
            // Weights went through fp16 (11-bit mantissa): close, not equal.
            float maxDiff = 0;
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
            assertTrue(maxDiff > 0 && maxDiff < 2e-2f, "max difference " + maxDiff);
        }
    }

    @Test
    void mismatchesAreClearErrors() {
        ClipTextModel small = new ClipTextModel(TinyTextConfigs.of(100, HIDDEN, 16, 1, 2, 77, "gelu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PromptEncoder(baseTokenizer, small));
        assertTrue(e.getMessage().contains("vocab_size"), e.getMessage());

        ClipTokenizer tokenizer = baseTokenizer.withoutPlaceholders();
        tokenizer.addPlaceholder("<two>", 2);
        PromptEncoder encoder = new PromptEncoder(tokenizer, model);
        try (NDManager step = manager.newSubManager()) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> encoder.encode(step, List.of("a <two>"), step.zeros(new Shape(1, HIDDEN))));
            assertTrue(e.getMessage().contains("2 placeholder vectors"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(step, List.of("a <two>")));
            assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
        }
    }
}
