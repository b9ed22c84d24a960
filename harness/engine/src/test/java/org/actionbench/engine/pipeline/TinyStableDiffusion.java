package org.actionbench.engine.pipeline;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.actionbench.engine.TestData;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.SchedulerConfig;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.vae.AutoencoderKL;

/**
 * A Stable-Diffusion-shaped model small enough for tests and benchmarks: the real CLIP vocabulary, the
 * same classes as SD 2.1 at toy widths, random seeded weights. {@code width} scales the UNet
 * (block_out_channels [width, 2·width]); 16×16 images, 8×8 latents.
 */
final class TinyStableDiffusion {
    private TinyStableDiffusion() {
    }

    static StableDiffusion build(long seed, int width, int textHidden) throws Exception {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        ClipTokenizer tokenizer = ClipTokenizer.load(TestData.clipBpe());
        ClipTextModel text = new ClipTextModel(new ClipTextConfig(List.of("CLIPTextModel"), 49408, textHidden,
                2 * textHidden, 2, 2, 77, "gelu", 1e-5, textHidden, 49406, 49407, 1));
        UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.parse("""
                {"sample_size": 8, "in_channels": 4, "out_channels": 4, "layers_per_block": 1,
                 "block_out_channels": [%d, %d],
                 "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                 "attention_head_dim": 2, "cross_attention_dim": %d, "norm_num_groups": 8,
                 "use_linear_projection": true}""".formatted(width, 2 * width, textHidden)));
        AutoencoderKL vae = new AutoencoderKL(VaeConfig.parse("""
                {"in_channels": 3, "out_channels": 3, "latent_channels": 4, "layers_per_block": 1,
                 "block_out_channels": [16, 32], "norm_num_groups": 8, "sample_size": 16,
                 "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
                 "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"]}"""));
        text.initialize(manager, seed);
        unet.initialize(manager, seed + 1);
        vae.initialize(manager, seed + 2);
        SchedulerConfig scheduler = SchedulerConfig.read(
                java.nio.file.Path.of("src/test/resources/config/sd21-base/scheduler/scheduler_config.json"));
        return new StableDiffusion(manager, new PromptEncoder(tokenizer, text), unet, vae, scheduler, null);
    }
}
