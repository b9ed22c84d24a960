package org.actionbench.mini.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.ConfigException;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.SchedulerConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.vae.AutoencoderKL;

/**
 * The shapes of the project's own small models: the same classes and config files as Stable Diffusion
 * 2.1, at widths a CPU trains. The VAE downsamples 4× (not SD's 8×): the world's limbs are two or three
 * pixels wide at 64 px and would not survive 8×.
 *
 * <p>{@link #TINY} is for tests (32×32 images, four cross-attention layers, random weights in a fraction
 * of a second); {@link #MINI} is the bundled model pretrained by {@code actionbench mini-model pretrain}
 * (64×64 images, seven cross-attention layers).
 */
public record MiniModelSize(String name, int resolution, int textHidden, int textLayers, int textHeads,
        List<Integer> unetChannels, List<String> downBlocks, List<String> upBlocks, List<Integer> unetHeads,
        int unetGroups, List<Integer> vaeChannels, int vaeGroups, List<Integer> controlEmbedding) {

    public static final MiniModelSize TINY = new MiniModelSize("tiny", 32, 32, 2, 2,
            List.of(32, 64), List.of("CrossAttnDownBlock2D", "DownBlock2D"),
            List.of("UpBlock2D", "CrossAttnUpBlock2D"), List.of(2, 2), 8,
            List.of(8, 16, 16), 4, List.of(8, 16, 32));

    public static final MiniModelSize MINI = new MiniModelSize("mini", 64, 128, 4, 4,
            List.of(64, 128, 128), List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
            List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"), List.of(2, 4, 4), 16,
            List.of(16, 32, 64), 8, List.of(16, 32, 64));

    public int latentSize() {
        return resolution / 4;
    }

    public ClipTextConfig textConfig(ClipTokenizer tokenizer) {
        return new ClipTextConfig(List.of("CLIPTextModel"), tokenizer.baseVocabSize(), textHidden, 4 * textHidden,
                textLayers, textHeads, tokenizer.maxLength(), "quick_gelu", 1e-5, textHidden, tokenizer.bosId(),
                tokenizer.eosId(), tokenizer.padId());
    }

    public UNetConfig unetConfig() {
        return ours(() -> UNetConfig.parse("""
                {"_class_name": "UNet2DConditionModel", "sample_size": %d, "in_channels": 4, "out_channels": 4,
                 "layers_per_block": 1, "block_out_channels": %s, "down_block_types": %s, "up_block_types": %s,
                 "attention_head_dim": %s, "cross_attention_dim": %d, "norm_num_groups": %d,
                 "use_linear_projection": true}""".formatted(latentSize(), unetChannels, quoted(downBlocks),
                quoted(upBlocks), unetHeads, textHidden, unetGroups)));
    }

    /** {@code scalingFactor}: 1 / std of the trained encoder's latents (SD's 0.18215 came the same way). */
    public VaeConfig vaeConfig(double scalingFactor) {
        List<String> down = vaeChannels.stream().map(c -> "DownEncoderBlock2D").toList();
        List<String> up = vaeChannels.stream().map(c -> "UpDecoderBlock2D").toList();
        return ours(() -> VaeConfig.parse("""
                {"_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": 4,
                 "layers_per_block": 1, "block_out_channels": %s, "norm_num_groups": %d, "sample_size": %d,
                 "down_block_types": %s, "up_block_types": %s, "scaling_factor": %s}""".formatted(vaeChannels,
                vaeGroups, resolution, quoted(down), quoted(up), scalingFactor)));
    }

    public ControlNetConfig controlNetConfig() {
        return ControlNetConfig.fromUNet(unetConfig()).withConditioningEmbeddingOutChannels(controlEmbedding);
    }

    /** Stable Diffusion 2.1's noise schedule (scaled-linear betas 0.00085..0.012, 1000 steps, ε). */
    public static SchedulerConfig schedulerConfig() {
        return ours(() -> SchedulerConfig.parse("""
                {"_class_name": "DDIMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "prediction_type": "epsilon",
                 "clip_sample": false, "set_alpha_to_one": false, "steps_offset": 1,
                 "timestep_spacing": "leading"}"""));
    }

    /** A model of this size with seeded random weights (and a ControlNet made from its UNet). */
    public StableDiffusion random(long seed) {
        // On the CPU by name: without a device DJL would pick the first visible GPU, mixing devices with callers.
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        ClipTokenizer tokenizer = MiniTokenizer.train();
        ClipTextModel text = new ClipTextModel(textConfig(tokenizer));
        UNet2DConditionModel unet = new UNet2DConditionModel(unetConfig());
        AutoencoderKL vae = new AutoencoderKL(vaeConfig(1.0));
        text.initialize(manager, seed);
        unet.initialize(manager, seed + 1);
        vae.initialize(manager, seed + 2);
        ControlNetModel controlnet = ControlNetModel.fromUNet(unet, controlNetConfig(), manager, seed + 3);
        return new StableDiffusion(manager, new PromptEncoder(tokenizer, text), unet, vae, schedulerConfig(),
                controlnet);
    }

    private interface ConfigSource<T> {
        T get() throws ConfigException;
    }

    /** Our own constants: a config error here is a bug in this class, not bad input. */
    private static <T> T ours(ConfigSource<T> source) {
        try {
            return source.get();
        } catch (ConfigException e) {
            throw new IllegalStateException("built-in mini model config is invalid: " + e.getMessage(), e);
        }
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> '"' + n + '"').toList().toString();
    }
}
