package org.actionbench.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.schedulers.ClassifierFreeGuidance;
import org.actionbench.engine.schedulers.DdimScheduler;
import org.actionbench.engine.train.Seeds;
import org.actionbench.engine.train.StepScope;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;
import org.actionbench.engine.unet.UNet2DConditionModel;

/**
 * Prompt → image, as diffusers' StableDiffusionPipeline with a DDIM scheduler (η = 0) and
 * classifier-free guidance (unconditional half first). Each image's initial noise comes from its own
 * seed, so an image does not depend on which other images share its batch: the same seed gives the same
 * bytes whatever the batch size. fp32 on CPU.
 */
public final class TextToImagePipeline {
    private final StableDiffusion model;

    public TextToImagePipeline(StableDiffusion model) {
        this.model = model;
    }

    /**
     * One generation batch.
     *
     * @param prompts one prompt per image
     * @param seeds one seed per image
     * @param conditioner how prompts become UNet conditioning (the method's learned tokens)
     * @param control ControlNet conditioning images, or null
     */
    public record Request(List<String> prompts, List<Long> seeds, PromptConditioner conditioner, int steps,
            float guidanceScale, int height, int width, String negativePrompt, Control control) {
        public Request {
            prompts = List.copyOf(prompts);
            seeds = List.copyOf(seeds);
            if (prompts.isEmpty() || prompts.size() != seeds.size()) {
                throw new IllegalArgumentException("need one seed per prompt, got " + prompts.size() + " prompts and "
                        + seeds.size() + " seeds");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1, got " + steps);
            }
        }

        /** DESIGN.md §4's sampling defaults: DDIM 50 steps, guidance 7.5, the model's own resolution. */
        public static Request of(StableDiffusion model, List<String> prompts, List<Long> seeds,
                PromptConditioner conditioner) {
            int size = model.defaultResolution();
            return new Request(prompts, seeds, conditioner, 50, 7.5f, size, size, "", null);
        }

        public Request withSteps(int n) {
            return new Request(prompts, seeds, conditioner, n, guidanceScale, height, width, negativePrompt, control);
        }

        public Request withControl(Control c) {
            return new Request(prompts, seeds, conditioner, steps, guidanceScale, height, width, negativePrompt, c);
        }
    }

    /** ControlNet input: one conditioning image per prompt, [B, 3, H, W] in [0, 1], and its scale. */
    public record Control(ControlNetModel controlnet, List<BufferedImage> images, float scale) {}

    public List<BufferedImage> generate(Request r) {
        int scale = model.vaeScaleFactor();
        if (r.height() % scale != 0 || r.width() % scale != 0) {
            throw new IllegalArgumentException("height and width must be multiples of " + scale + ", got "
                    + r.height() + "x" + r.width());
        }
        UNet2DConditionModel unet = model.unet();
        int batch = r.prompts().size();
        long channels = unet.config().downPath().inChannels();
        Shape latentShape = new Shape(1, channels, r.height() / scale, r.width() / scale);
        try (NDManager run = model.manager().newSubManager()) {
            Conditioning both;
            try (StepScope s = StepScope.open(run, model.promptEncoder().textModel().arrays())) {
                Conditioning cond = r.conditioner().condition(s.manager(), r.prompts());
                Conditioning uncond = r.conditioner().condition(s.manager(),
                        java.util.Collections.nCopies(batch, r.negativePrompt()));
                both = unconditionalFirst(uncond, cond, unet.crossAttentionLayers(), run);
            }
            NDArray controlImages = null;
            if (r.control() != null) {
                if (r.control().images().size() != batch) {
                    throw new IllegalArgumentException("need one control image per prompt");
                }
                NDArray images = Images.toUnitTensor(run, r.control().images());
                controlImages = images.concat(images, 0);
            }

            NDList noise = new NDList();
            for (long seed : r.seeds()) {
                noise.add(Seeds.gaussian(run, latentShape, new SplittableRandom(seed)));
            }
            DdimScheduler scheduler = new DdimScheduler(model.noiseSchedule());
            scheduler.setTimesteps(r.steps());
            NDArray latents = ai.djl.ndarray.NDArrays.concat(noise, 0).mul(scheduler.initNoiseSigma());

            List<NDArray> frozen = new ArrayList<>(unet.arrays());
            if (r.control() != null) {
                frozen.addAll(r.control().controlnet().arrays());
            }
            for (long t : scheduler.timesteps()) {
                NDArray next;
                try (StepScope s = StepScope.open(run, frozen, List.of(latents))) {
                    NDArray in = latents.concat(latents, 0);
                    NDArray ts = s.manager().create(new long[] {t});
                    ControlResiduals residuals = null;
                    if (r.control() != null) {
                        residuals = r.control().controlnet().forward(in, ts, both, controlImages, r.control().scale());
                    }
                    NDArray out = unet.forward(in, ts, both, residuals);
                    NDArray guided = ClassifierFreeGuidance.guide(out, r.guidanceScale());
                    next = scheduler.step(guided, t, latents);
                    next.attach(run);
                }
                latents.close();
                latents = next;
            }
            try (StepScope s = StepScope.open(run, model.vae().arrays(), List.of(latents))) {
                return Images.fromSignedTensor(model.vae().toImages(latents));
            }
        }
    }

    /** [uncond; cond] along the batch, per layer when either side is per-layer. */
    private static Conditioning unconditionalFirst(Conditioning uncond, Conditioning cond, int layers,
            NDManager into) {
        if (!uncond.isPerLayer() && !cond.isPerLayer()) {
            NDArray c = uncond.forLayer(0).concat(cond.forLayer(0), 0);
            c.attach(into);
            return Conditioning.shared(c);
        }
        List<NDArray> contexts = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            NDArray c = uncond.forLayer(l).concat(cond.forLayer(l), 0);
            c.attach(into);
            contexts.add(c);
        }
        return Conditioning.perLayer(contexts);
    }
}
