package org.actionbench.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelShapes} on a UNet small enough to list every tensor autograd keeps by hand: two levels (32 and 64
 * channels), one resnet per down block, cross-attention at the top level only, 2 heads, 8 context tokens, 8 × 8
 * latents (64 positions at level 0, 16 at level 1).
 */
class ModelShapesTest {
    static final String UNET = """
            {"_class_name": "UNet2DConditionModel", "sample_size": 8, "in_channels": 4, "out_channels": 4,
             "block_out_channels": [32, 64], "layers_per_block": 1, "norm_num_groups": 8,
             "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
             "attention_head_dim": 2, "cross_attention_dim": 16, "use_linear_projection": true}""";
    static final String TEXT = """
            {"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
             "max_position_embeddings": 8, "vocab_size": 100, "projection_dim": 16, "hidden_act": "gelu"}""";
    static final String VAE = """
            {"_class_name": "AutoencoderKL", "block_out_channels": [8, 16], "latent_channels": 4,
             "layers_per_block": 1, "norm_num_groups": 4, "sample_size": 16,
             "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
             "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"]}""";

    static ModelShapes tiny(Path dir) throws Exception {
        for (String[] c : new String[][] {{"unet", UNET}, {"text_encoder", TEXT}, {"vae", VAE}}) {
            Files.createDirectories(dir.resolve(c[0]));
            Files.writeString(dir.resolve(c[0]).resolve("config.json"), c[1]);
        }
        return ModelShapes.read(dir);
    }

    /** A resnet when its weights train: norm1's input and normalised values, SiLU's input, conv1's input; again after conv1. */
    private static long resnetTrained(long in, long out, long n) {
        return (in + in + in + in) * n + (out + out + out + out) * n;
    }

    /**
     * The same with frozen weights (a learned token's gradient passes through): the normalised values are not kept
     * (the affine weight needs no gradient), the norm's input, the SiLU's input and the convolution's input are.
     */
    private static long resnetFrozen(long in, long out, long n) {
        return (in + in + in) * n + (out + out + out) * n;
    }

    /**
     * A Transformer2DModel of one BasicTransformerBlock when its weights train, C channels, T positions, H heads,
     * S context tokens: group norm input, normalised, proj_in input; proj_out input; norm1 input and output, q, k,
     * v, probabilities H·T², merged heads; norm2 input and output, q, keys and values of the context (C·S each),
     * probabilities H·T·S, merged heads; norm3 input and output, the 8C GEGLU projection, GELU output (4C),
     * product (4C).
     */
    private static long transformerTrained(long c, long t, long h, long s) {
        long outer = 3 * c * t + c * t;
        long selfAttention = 2 * c * t + 3 * c * t + h * t * t + c * t;
        long crossAttention = 2 * c * t + c * t + 2 * c * s + h * t * s + c * t;
        long feedForward = 2 * c * t + 8 * c * t + 4 * c * t + 4 * c * t;
        return outer + selfAttention + crossAttention + feedForward;
    }

    /**
     * With frozen weights no linear layer keeps its input: the group norm's input; norm1's input, q, k, v and the
     * probabilities; norm2's input, q, the context's keys and values, the probabilities; norm3's input, the GEGLU
     * projection (its halves are views the GELU and the product keep), the GELU output.
     */
    private static long transformerFrozen(long c, long t, long h, long s) {
        long outer = c * t;
        long selfAttention = c * t + 3 * c * t + h * t * t;
        long crossAttention = c * t + c * t + 2 * c * s + h * t * s;
        long feedForward = c * t + 8 * c * t + 4 * c * t;
        return outer + selfAttention + crossAttention + feedForward;
    }

    @Test
    void theUNetsSavedActivationsAreTheHandCountAndBoundTheFrozenCaseWithinItsFactor(@TempDir Path dir)
            throws Exception {
        ModelShapes shapes = tiny(dir);
        // conv_in's input; down 0: resnet 32→32 at 64, transformer, the downsampler's input; down 1: resnet 32→64
        // at 16; mid: two resnets 64→64 and a transformer at 16; up 0 (level 1, no attention): resnets (64+64)→64
        // and (64+32)→64, the upsampler's convolution input at level 0; up 1 (level 0): resnets (64+32)→32 and
        // (32+32)→32, each with a transformer; conv_norm_out's input, normalised values, SiLU input, conv_out input.
        long trained = 4 * 64 + resnetTrained(32, 32, 64) + transformerTrained(32, 64, 2, 8) + 32 * 64
                + resnetTrained(32, 64, 16)
                + 2 * resnetTrained(64, 64, 16) + transformerTrained(64, 16, 2, 8)
                + resnetTrained(128, 64, 16) + resnetTrained(96, 64, 16) + 64 * 64
                + resnetTrained(96, 32, 64) + transformerTrained(32, 64, 2, 8)
                + resnetTrained(64, 32, 64) + transformerTrained(32, 64, 2, 8)
                + 4 * 32 * 64;
        assertEquals(393_728, trained, "the hand count itself");
        assertEquals(trained, shapes.unetSavedFloats(8, 8));
        // conv_out's input, the SiLU's input and the norm's input: the normalised values are not kept
        long frozen = 4 * 64 + resnetFrozen(32, 32, 64) + transformerFrozen(32, 64, 2, 8) + 32 * 64
                + resnetFrozen(32, 64, 16)
                + 2 * resnetFrozen(64, 64, 16) + transformerFrozen(64, 16, 2, 8)
                + resnetFrozen(128, 64, 16) + resnetFrozen(96, 64, 16) + 64 * 64
                + resnetFrozen(96, 32, 64) + transformerFrozen(32, 64, 2, 8)
                + resnetFrozen(64, 32, 64) + transformerFrozen(32, 64, 2, 8)
                + 3 * 32 * 64;
        assertEquals(275_968, frozen, "the hand count itself");
        // The estimate counts every training pass as if the weights trained: for the token methods an upper
        // bound, at most 28/19 (a transformer block's per-position terms) above what autograd keeps.
        double factor = (double) shapes.unetSavedFloats(8, 8) / frozen;
        assertTrue(factor >= 1 && factor <= 28.0 / 19, "estimate / frozen hand count = " + factor);
    }

    @Test
    void theLargestTransientIsTheTopLevelsSelfAttentionAndSamplingStaysWithinTheChunk(@TempDir Path dir)
            throws Exception {
        ModelShapes shapes = tiny(dir);
        assertEquals(2L * 64 * 64, shapes.unetLargestSavedFloats(8, 8), "2 heads x 64 x 64 at level 0");
        long whole = shapes.unetSamplingPeakFloats(8, 8, 2, Long.MAX_VALUE);
        long chunked = shapes.unetSamplingPeakFloats(8, 8, 2, 2L * 2 * 64 * 8); // 8 query rows per chunk
        // scores and probabilities of batch 2 x 2 heads: 64 rows unchunked, 8 rows chunked
        assertEquals(2L * 2 * 2 * 64 * (64 - 8), whole - chunked);
        assertEquals(2L * 2 * 2 * 64 * (64 - 1), whole - shapes.unetSamplingPeakFloats(8, 8, 2, 1),
                "at least one query row per chunk");
    }

    @Test
    void parameterCountsComeFromTheConfigsAlone(@TempDir Path dir) throws Exception {
        ModelShapes shapes = tiny(dir);
        assertEquals(java.util.List.of("text_encoder", "unet", "vae"), java.util.List.copyOf(shapes.parameters().keySet()));
        // to_k and to_v of the cross-attention (no bias) from the 16-wide context: three transformers of 32
        // channels at level 0 (down 0, up 1 twice) and the mid block's of 64
        assertEquals(3L * 2 * 16 * 32 + 2L * 16 * 64, shapes.crossAttentionKeyValueParameters());
        assertEquals(4, shapes.crossAttentionLayers());
        assertEquals(16, shapes.tokenWidth());
    }
}
