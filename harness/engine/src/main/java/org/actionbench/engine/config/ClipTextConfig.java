package org.actionbench.engine.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code text_encoder/config.json}: a transformers {@code CLIPTextConfig}, with transformers' defaults for
 * absent fields (those of CLIP ViT-B/32's text tower). SD 2.x uses OpenCLIP ViT-H's text tower with its
 * last layer dropped: hidden 1024, 23 layers, 16 heads, MLP 4096, {@code gelu} (not {@code quick_gelu}).
 */
public record ClipTextConfig(
        List<String> architectures,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int maxPositionEmbeddings,
        String hiddenAct,
        double layerNormEps,
        int projectionDim,
        int bosTokenId,
        int eosTokenId,
        int padTokenId) {

    /** The activations CLIP text towers use: x·σ(1.702x) (OpenAI CLIP) and exact erf GELU (OpenCLIP). */
    public static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu");

    public ClipTextConfig {
        architectures = Checks.copy(architectures);
        Checks.positive("vocab_size", vocabSize);
        Checks.positive("hidden_size", hiddenSize);
        Checks.positive("intermediate_size", intermediateSize);
        Checks.positive("num_hidden_layers", numHiddenLayers);
        Checks.positive("num_attention_heads", numAttentionHeads);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("field 'hidden_size' (" + hiddenSize
                    + ") must be a multiple of num_attention_heads (" + numAttentionHeads + ")");
        }
        Checks.positive("max_position_embeddings", maxPositionEmbeddings);
        Checks.oneOf("hidden_act", hiddenAct, ACTIVATIONS);
        Checks.positive("layer_norm_eps", layerNormEps);
        Checks.positive("projection_dim", projectionDim);
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    public static ClipTextConfig read(Path configJson) throws ConfigException {
        return from(ConfigReader.read(configJson));
    }

    public static ClipTextConfig parse(String json) throws ConfigException {
        return from(ConfigReader.parse(json, "CLIP text config"));
    }

    static ClipTextConfig from(ConfigReader r) throws ConfigException {
        try {
            return new ClipTextConfig(
                    r.stringList("architectures", List.of("CLIPTextModel")),
                    r.integer("vocab_size", 49408),
                    r.integer("hidden_size", 512),
                    r.integer("intermediate_size", 2048),
                    r.integer("num_hidden_layers", 12),
                    r.integer("num_attention_heads", 8),
                    r.integer("max_position_embeddings", 77),
                    r.string("hidden_act", "quick_gelu"),
                    r.number("layer_norm_eps", 1e-5),
                    r.integer("projection_dim", 512),
                    r.integer("bos_token_id", 49406),
                    r.integer("eos_token_id", 49407),
                    r.integer("pad_token_id", 1));
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    /**
     * Writes a transformers config ({@code model_type: clip_text_model}, {@code architectures}); transformers
     * configs carry no {@code _class_name}.
     */
    public void write(Path configJson) throws IOException {
        writer().write(configJson);
    }

    public String toJson() {
        return writer().toJsonString();
    }

    private ConfigWriter writer() {
        return new ConfigWriter()
                .put("architectures", architectures)
                .put("model_type", "clip_text_model")
                .put("vocab_size", vocabSize)
                .put("hidden_size", hiddenSize)
                .put("intermediate_size", intermediateSize)
                .put("num_hidden_layers", numHiddenLayers)
                .put("num_attention_heads", numAttentionHeads)
                .put("max_position_embeddings", maxPositionEmbeddings)
                .put("hidden_act", hiddenAct)
                .put("layer_norm_eps", layerNormEps)
                .put("projection_dim", projectionDim)
                .put("bos_token_id", bosTokenId)
                .put("eos_token_id", eosTokenId)
                .put("pad_token_id", padTokenId);
    }
}
