package org.actionbench.engine.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.weights.KeyMapping;
import org.actionbench.engine.weights.KeyMappingProvider;

/**
 * Stable Diffusion's VAE, diffusers' {@code AutoencoderKL}, with its checkpoint keys: {@code encoder.*},
 * {@code decoder.*}, {@code quant_conv} (1×1 on the 2·L moments) and {@code post_quant_conv} (1×1 on the L
 * latent channels), each present unless the config turns it off.
 *
 * <p>Published SD 2.1-base stores the mid-block attention under the names diffusers used before 0.14
 * ({@code query/key/value/proj_attn}); {@link #keyMapping()} reads them as {@code to_q/to_k/to_v/to_out.0}.
 *
 * <p>The UNet works on {@link #toLatents scaled latents}: {@code (z − shift) · scaling_factor}
 * (no shift for SD, scaling 0.18215), which brings them near unit variance; {@link #toImages} undoes it.
 */
public final class AutoencoderKL extends Module implements KeyMappingProvider {
    /** diffusers builds every VAE norm with eps 1e-6 (not the config's; AutoencoderKL has no norm_eps field). */
    static final double NORM_EPS = 1e-6;

    private final VaeConfig config;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    public AutoencoderKL(VaeConfig config) {
        check(config);
        this.config = config;
        encoder = child("encoder", new Encoder(config));
        decoder = child("decoder", new Decoder(config));
        long latent = config.latentChannels();
        quantConv = config.useQuantConv() ? child("quant_conv", new Conv2d(2 * latent, 2 * latent, 1, 1, 0)) : null;
        postQuantConv = config.usePostQuantConv()
                ? child("post_quant_conv", new Conv2d(latent, latent, 1, 1, 0))
                : null;
    }

    private static void check(VaeConfig config) {
        for (String t : config.downBlockTypes()) {
            if (!t.equals("DownEncoderBlock2D")) {
                throw new IllegalArgumentException("VAE config: down_block_types entry \"" + t
                        + "\" is not supported (only DownEncoderBlock2D)");
            }
        }
        for (String t : config.upBlockTypes()) {
            if (!t.equals("UpDecoderBlock2D")) {
                throw new IllegalArgumentException("VAE config: up_block_types entry \"" + t
                        + "\" is not supported (only UpDecoderBlock2D)");
            }
        }
        if (!config.actFn().equals("silu")) {
            throw new IllegalArgumentException("VAE config: act_fn \"" + config.actFn()
                    + "\" is not supported (only silu)");
        }
    }

    /** Old diffusers' VAE attention names, read as the current ones. */
    @Override
    public KeyMapping keyMapping() {
        return KeyMapping.legacyVaeAttention();
    }

    public VaeConfig config() {
        return config;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** images [B, in_channels, H, W] in [−1, 1] → the latent distribution, [B, L, H/f, W/f] each. */
    public LatentDistribution encode(NDArray images) {
        checkInput("images", images, config.inChannels());
        NDArray moments = encoder.forward(Functional.cast(images, dataType()));
        if (quantConv != null) {
            moments = quantConv.forward(moments);
        }
        // Half precision ends here: the distribution's mean and spread are taken in float32.
        return new LatentDistribution(Functional.cast(moments, DataType.FLOAT32));
    }

    /** Unscaled latents [B, L, h, w] → images [B, out_channels, h·f, w·f], nominally in [−1, 1]. */
    public NDArray decode(NDArray latents) {
        checkInput("latents", latents, config.latentChannels());
        NDArray in = Functional.cast(latents, dataType());
        NDArray z = postQuantConv == null ? in : postQuantConv.forward(in);
        return Functional.cast(decoder.forward(z), DataType.FLOAT32);
    }

    /** {@code scaling_factor} of the config (0.18215 for SD 1.x/2.x). */
    public float scalingFactor() {
        return (float) config.scalingFactor();
    }

    /** Images in [−1, 1] → the latents the UNet is trained on: a sample of the encoding, shifted and scaled. */
    public NDArray toLatents(NDArray images, RandomGenerator random) {
        NDArray z = encode(images).sample(random);
        if (config.shiftFactor() != null) {
            z = z.sub(z.getManager().create(config.shiftFactor().floatValue()));
        }
        return Functional.mulScalar(z, scalingFactor());
    }

    /** UNet latents → images in [−1, 1]: divided by the scaling factor, shifted back, decoded. */
    public NDArray toImages(NDArray latents) {
        NDArray z = latents.div(latents.getManager().create(scalingFactor()));
        if (config.shiftFactor() != null) {
            z = z.add(z.getManager().create(config.shiftFactor().floatValue()));
        }
        return decode(z);
    }

    private static void checkInput(String what, NDArray x, int channels) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException("VAE " + what + " must be [B, " + channels + ", H, W], got " + s);
        }
    }
}
