package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTextConfigTest {
    @TempDir
    Path dir;

    /** transformers' CLIPTextConfig defaults (CLIP ViT-B/32's text tower), listed by hand. */
    @Test
    void absentFieldsTakeTransformersDefaults() throws IOException {
        ClipTextConfig c = ClipTextConfig.parse("{\"model_type\": \"clip_text_model\"}");
        assertEquals(49408, c.vocabSize());
        assertEquals(512, c.hiddenSize());
        assertEquals(2048, c.intermediateSize());
        assertEquals(12, c.numHiddenLayers());
        assertEquals(8, c.numAttentionHeads());
        assertEquals(77, c.maxPositionEmbeddings());
        assertEquals("quick_gelu", c.hiddenAct());
        assertEquals(1e-5, c.layerNormEps());
        assertEquals(512, c.projectionDim());
        assertEquals(49406, c.bosTokenId());
        assertEquals(49407, c.eosTokenId());
        assertEquals(1, c.padTokenId());
    }

    @Test
    void roundTrip() throws IOException {
        ClipTextConfig c = ClipTextConfig.parse("{\"hidden_size\": 32, \"num_attention_heads\": 4, \"num_hidden_layers\": 2,"
                + " \"intermediate_size\": 37, \"vocab_size\": 1000, \"max_position_embeddings\": 16, \"hidden_act\": \"gelu\"}");
        Path f = dir.resolve("text_encoder/config.json");
        c.write(f);
        assertEquals(c, ClipTextConfig.read(f));
    }

    @Test
    void errorsAreNamed() throws IOException {
        readFails(dir, ClipTextConfig::read, "{\"hidden_act\": \"relu6\"}", "field 'hidden_act'", "\"relu6\"",
                "gelu", "quick_gelu");
        readFails(dir, ClipTextConfig::read, "{\"hidden_size\": 1000, \"num_attention_heads\": 16}",
                "field 'hidden_size'", "multiple");
        readFails(dir, ClipTextConfig::read, "{\"vocab_size\": null, \"num_hidden_layers\": \"23\"}",
                "field 'num_hidden_layers'");
    }
}
