package org.actionbench.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.schedulers.ClassifierFreeGuidance;
import org.actionbench.engine.schedulers.DdimScheduler;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.nn.StepScope;
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
     * One generation batch: {@link #of} gives the prompts, their seeds and conditioner with the
     * {@link SamplingDefaults} at the model's own resolution; each {@code with…} returns a copy with one setting
     * changed.
     */
    public static final class Request {
        private final List<String> prompts;
        private final List<Long> seeds;
        private final PromptConditioner conditioner;
        private int steps = SamplingDefaults.STEPS;
        private float guidanceScale = (float) SamplingDefaults.GUIDANCE;
        private int height;
        private int width;
        private String negativePrompt = "";
        private Control control;

        private Request(List<String> prompts, List<Long> seeds, PromptConditioner conditioner) {
            this.prompts = List.copyOf(prompts);
            this.seeds = List.copyOf(seeds);
            this.conditioner = Objects.requireNonNull(conditioner, "conditioner");
            if (this.prompts.isEmpty() || this.prompts.size() != this.seeds.size()) {
                throw new IllegalArgumentException("need one seed per prompt, got " + this.prompts.size()
                        + " prompts and " + this.seeds.size() + " seeds");
            }
        }

        /**
         * @param prompts one prompt per image
         * @param seeds one seed per image
         * @param conditioner how prompts become UNet conditioning (the method's learned tokens)
         */
        public static Request of(StableDiffusion model, List<String> prompts, List<Long> seeds,
                PromptConditioner conditioner) {
            Request r = new Request(prompts, seeds, conditioner);
            r.height = model.defaultResolution();
            r.width = r.height;
            return r;
        }

        private Request copy() {
            Request r = new Request(prompts, seeds, conditioner);
            r.steps = steps;
            r.guidanceScale = guidanceScale;
            r.height = height;
            r.width = width;
            r.negativePrompt = negativePrompt;
            r.control = control;
            return r;
        }

        /** DDIM steps, at least 1. */
        public Request withSteps(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("steps must be at least 1, got " + n);
            }
            Request r = copy();
            r.steps = n;
            return r;
        }

        public Request withGuidanceScale(float scale) {
            Request r = copy();
            r.guidanceScale = scale;
            return r;
        }

        /** Image size in pixels; both must be multiples of the VAE's downscale (checked by generate). */
        public Request withSize(int height, int width) {
            Request r = copy();
            r.height = height;
            r.width = width;
            return r;
        }

        /** The unconditional half's prompt; "" as in diffusers when none is given. */
        public Request withNegativePrompt(String prompt) {
            Request r = copy();
            r.negativePrompt = Objects.requireNonNull(prompt, "negative prompt");
            return r;
        }

        /** ControlNet conditioning images, one per prompt, or null for none. */
        public Request withControl(Control c) {
            Request r = copy();
            r.control = c;
            return r;
        }

        public List<String> prompts() {
            return prompts;
        }

        public List<Long> seeds() {
            return seeds;
        }

        public PromptConditioner conditioner() {
            return conditioner;
        }

        public int steps() {
            return steps;
        }

        public float guidanceScale() {
            return guidanceScale;
        }

        public int height() {
            return height;
        }

        public int width() {
            return width;
        }

        public String negativePrompt() {
            return negativePrompt;
        }

        public Control control() {
            return control;
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

            // Every array a step reads is borrowed by the step, the run's own inputs too: DJL files an operation's
            // result with its first operand's manager, so a projection of the prompt's context or a convolution of
            // the control images would otherwise pile up in the run's manager, fresh memory every step, until the
            // batch ends (a ControlNet batch of 6 mini images grew the process by 1.2 GB over its 50 steps).
            List<NDArray> borrowed = new ArrayList<>(unet.arrays());
            borrowed.addAll(both.arrays());
            if (r.control() != null) {
                borrowed.addAll(r.control().controlnet().arrays());
                borrowed.add(controlImages);
            }
            for (long t : scheduler.timesteps()) {
                NDArray next;
                try (StepScope s = StepScope.open(run, borrowed, List.of(latents))) {
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
