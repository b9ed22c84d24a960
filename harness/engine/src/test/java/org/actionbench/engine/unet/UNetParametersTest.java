package org.actionbench.engine.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.nn.Parameter;
import org.junit.jupiter.api.Test;

/** Parameter names, shapes and counts against diffusers' checkpoints and published sizes; nothing is allocated. */
class UNetParametersTest {
    static final Path SD21_BASE = Path.of("src/test/resources/config/sd21-base/unet/config.json");

    private static Shape shape(Map<String, Parameter> p, String key) {
        Parameter param = p.get(key);
        assertTrue(param != null, "missing key " + key);
        return param.shape();
    }

    @Test
    void tinyModelHasDiffusersKeysAndShapes() {
        UNet2DConditionModel unet = new UNet2DConditionModel(TinyUNets.tiny(2));
        Map<String, Parameter> p = unet.namedParameters();
        // inner dim = heads · head size = 2 · 16 = 32 channels of block 0; keys from the cross-attention context
        assertEquals(new Shape(32, 16), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
        assertEquals(new Shape(32, 32), shape(p, "down_blocks.0.attentions.1.transformer_blocks.0.attn1.to_v.weight"));
        assertFalse(p.containsKey("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.bias"));
        assertEquals(new Shape(32), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0.bias"));
        assertEquals(new Shape(256, 32), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj.weight"));
        assertEquals(new Shape(32, 128), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2.weight"));
        assertEquals(new Shape(32), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.norm3.weight"));
        assertEquals(new Shape(32), shape(p, "down_blocks.0.attentions.0.norm.weight"));
        assertEquals(new Shape(32, 32, 3, 3), shape(p, "down_blocks.0.downsamplers.0.conv.weight"));
        assertEquals(new Shape(64, 32, 1, 1), shape(p, "down_blocks.1.resnets.0.conv_shortcut.weight"));
        assertEquals(new Shape(64, 128), shape(p, "down_blocks.1.resnets.0.time_emb_proj.weight"));
        assertFalse(p.containsKey("down_blocks.1.downsamplers.0.conv.weight"));
        assertFalse(p.containsKey("down_blocks.1.attentions.0.norm.weight"));
        // mid block: 4 heads on 64 channels, linear projection
        assertEquals(new Shape(64, 64), shape(p, "mid_block.attentions.0.proj_in.weight"));
        assertEquals(new Shape(64, 16), shape(p, "mid_block.attentions.0.transformer_blocks.0.attn2.to_v.weight"));
        assertEquals(new Shape(64, 64, 3, 3), shape(p, "mid_block.resnets.1.conv2.weight"));
        // up block 0 mirrors down block 1: 3 resnets over [64 running + 64 skip], the last skip from block 0's
        // downsampler (32 channels)
        assertEquals(new Shape(64, 128, 3, 3), shape(p, "up_blocks.0.resnets.0.conv1.weight"));
        assertEquals(new Shape(64, 96, 3, 3), shape(p, "up_blocks.0.resnets.2.conv1.weight"));
        assertEquals(new Shape(64, 64, 3, 3), shape(p, "up_blocks.0.upsamplers.0.conv.weight"));
        // up block 1 mirrors down block 0: [64 + 32] then [32 + 32]
        assertEquals(new Shape(32, 96, 1, 1), shape(p, "up_blocks.1.resnets.0.conv_shortcut.weight"));
        assertEquals(new Shape(32, 64, 1, 1), shape(p, "up_blocks.1.resnets.2.conv_shortcut.weight"));
        assertEquals(new Shape(32, 16), shape(p, "up_blocks.1.attentions.2.transformer_blocks.0.attn2.to_k.weight"));
        assertFalse(p.containsKey("up_blocks.1.upsamplers.0.conv.weight"));
        assertEquals(new Shape(32, 4, 3, 3), shape(p, "conv_in.weight"));
        assertEquals(new Shape(128, 32), shape(p, "time_embedding.linear_1.weight"));
        assertEquals(new Shape(128, 128), shape(p, "time_embedding.linear_2.weight"));
        assertEquals(new Shape(32), shape(p, "conv_norm_out.weight"));
        assertEquals(new Shape(4, 32, 3, 3), shape(p, "conv_out.weight"));
        // 2 down + 1 mid + 3 up transformer blocks
        assertEquals(6, unet.crossAttentionLayers());
        assertEquals(List.of(
                "down_blocks.0.attentions.0.transformer_blocks.0.attn2",
                "down_blocks.0.attentions.1.transformer_blocks.0.attn2",
                "mid_block.attentions.0.transformer_blocks.0.attn2",
                "up_blocks.1.attentions.0.transformer_blocks.0.attn2",
                "up_blocks.1.attentions.1.transformer_blocks.0.attn2",
                "up_blocks.1.attentions.2.transformer_blocks.0.attn2"), unet.crossAttentionLayerNames());
        // conv_in + 2 resnets + downsampler + 2 resnets
        assertEquals(6, unet.skipCount());
    }

    @Test
    void convProjectionIsOneByOneConvolution() {
        Map<String, Parameter> p = new UNet2DConditionModel(TinyUNets.tinyConvProjection(1)).namedParameters();
        assertEquals(new Shape(64, 64, 1, 1), shape(p, "mid_block.attentions.0.proj_in.weight"));
        assertEquals(new Shape(32, 32, 1, 1), shape(p, "down_blocks.0.attentions.0.proj_out.weight"));
    }

    /**
     * SD 2.1-base's UNet: 865,910,724 parameters in 686 tensors. Published figures: buddy-compiler/buddy-mlir,
     * examples/BuddyStableDiffusion (import-stable-diffusion.py flattens every parameter of
     * stabilityai/stable-diffusion-2-1-base's UNet; buddy-stable-diffusion-main.cpp sizes that buffer
     * {@code arg0_unet({865910724})}); a public C# port pins the same 865,910,724 for SD 2 and 859,520,964 for
     * SD 1.5, both with 686 tensors; SD 1.x's 859,520,964 also appears in the fast.ai forum thread "Stable
     * Diffusion Parameter Budget Allocation".
     */
    @Test
    void sd21BaseMatchesThePublishedSize() throws Exception {
        UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.read(SD21_BASE));
        assertEquals(865_910_724L, unet.parameterCount());
        Map<String, Parameter> p = unet.namedParameters();
        assertEquals(686, p.size());
        assertEquals(16, unet.crossAttentionLayers());
        assertEquals("mid_block.attentions.0.transformer_blocks.0.attn2", unet.crossAttentionLayerNames().get(6));
        assertEquals(12, unet.skipCount());
        assertEquals(32, unet.crossAttentionKeyValue().size());
        assertEquals(new Shape(320, 1024), shape(p, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
        assertEquals(new Shape(1280, 1280), shape(p, "mid_block.attentions.0.proj_in.weight"));
        assertEquals(new Shape(2560, 320), shape(p, "up_blocks.3.attentions.2.transformer_blocks.0.ff.net.0.proj.weight"));
        assertEquals(new Shape(1280, 2560, 3, 3), shape(p, "up_blocks.0.resnets.2.conv1.weight"));
        assertEquals(new Shape(320, 640, 1, 1), shape(p, "up_blocks.3.resnets.2.conv_shortcut.weight"));
        assertEquals(new Shape(1280, 320), shape(p, "time_embedding.linear_1.weight"));
        for (Parameter param : p.values()) {
            assertFalse(param.isSet(), "built from config alone, nothing is allocated");
        }
    }

    /**
     * diffusers reads SD 2.x's attention_head_dim [5, 10, 20, 20] as head counts, so every attention has
     * 64-wide heads, and the up path uses the list reversed (up_blocks.1 mirrors down_blocks.2: 20 heads).
     */
    @Test
    void sd21HeadsAreSixtyFourWideEverywhere() throws Exception {
        UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.read(SD21_BASE));
        List<Transformer2DModel> all = new java.util.ArrayList<>();
        for (DownBlock b : unet.downBlocks()) {
            if (b instanceof CrossAttnDownBlock2D c) {
                all.addAll(c.attentions());
            }
        }
        all.addAll(unet.midBlock().attentions());
        for (UpBlock b : unet.upBlocks()) {
            if (b instanceof CrossAttnUpBlock2D c) {
                all.addAll(c.attentions());
            }
        }
        assertEquals(16, all.size());
        for (Transformer2DModel t : all) {
            for (BasicTransformerBlock b : t.transformerBlocks()) {
                assertEquals(64, b.attn1().headDim());
                assertEquals(64, b.attn2().headDim());
            }
        }
        assertEquals(20, ((CrossAttnUpBlock2D) unet.upBlocks().get(1)).attentions().get(0).transformerBlocks().get(0)
                .attn2().heads());
        assertEquals(5, ((CrossAttnUpBlock2D) unet.upBlocks().get(3)).attentions().get(0).transformerBlocks().get(0)
                .attn2().heads());
        assertEquals(20, unet.midBlock().attentions().get(0).transformerBlocks().get(0).attn1().heads());
    }

    /** SD 1.5 differs by cross_attention_dim 768, 8 heads everywhere and 1×1-conv projections. */
    @Test
    void sd15MatchesThePublishedSize() throws Exception {
        String json = java.nio.file.Files.readString(SD21_BASE)
                .replace("\"cross_attention_dim\": 1024", "\"cross_attention_dim\": 768")
                .replace("\"use_linear_projection\": true", "\"use_linear_projection\": false")
                .replaceAll("\"attention_head_dim\": \\[[^]]*]", "\"attention_head_dim\": 8");
        UNetConfig c = UNetConfig.parse(json);
        assertEquals(768, c.downPath().crossAttentionDim().get(0));
        assertFalse(c.downPath().useLinearProjection());
        UNet2DConditionModel unet = new UNet2DConditionModel(c);
        assertEquals(859_520_964L, unet.parameterCount());
        assertEquals(686, unet.namedParameters().size());
    }

    @Test
    void crossAttentionKeyValueIsExactlyTheAttn2KeyAndValueWeights() {
        UNet2DConditionModel unet = new UNet2DConditionModel(TinyUNets.tiny(1));
        Map<String, Parameter> kv = unet.crossAttentionKeyValue();
        long expected = unet.namedParameters().keySet().stream()
                .filter(k -> k.endsWith("attn2.to_k.weight") || k.endsWith("attn2.to_v.weight")).count();
        assertEquals(expected, kv.size());
        assertEquals(2 * unet.crossAttentionLayers(), kv.size());
        for (Map.Entry<String, Parameter> e : kv.entrySet()) {
            assertTrue(e.getKey().matches(".*\\.attn2\\.to_[kv]\\.weight"), e.getKey());
            assertTrue(unet.namedParameters().get(e.getKey()) == e.getValue(), "the model's own parameter");
        }
        assertEquals("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight", kv.keySet().iterator().next());
    }
}
