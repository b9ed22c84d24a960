package org.actionbench.mini.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.actionbench.mini.world.PretrainingCorpus;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.schedulers.ForwardDiffusion;
import org.actionbench.engine.schedulers.NoiseSchedule;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.tokenizer.ClipTokenizer;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.train.LearningRateSchedule;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.unet.Conditioning;
import org.actionbench.engine.unet.ControlResiduals;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.vae.AutoencoderKL;
import org.actionbench.engine.vae.LatentDistribution;
import org.actionbench.engine.weights.DType;

/**
 * Pretrains a mini model from scratch on the ActionBench-Mini world, in three stages: the autoencoder
 * (reconstruction + KL), then the text encoder and UNet together on the ε-prediction loss (as a latent
 * diffusion model is trained, except that our text encoder is learned here rather than taken from CLIP),
 * then a ControlNet on skeleton maps with everything else frozen. Every stage is a step function on the
 * {@link TrainingLoop} (the UNet's with a linear warm-up and a moving average of the weights) that checkpoints
 * into the work directory every {@code checkpointEvery} steps; a run that finds checkpoints continues from them, and
 * because each step's images, noise and timesteps come from (seed, stage, step), a resumed pretraining
 * ends with the same weights as an uninterrupted one.
 */
public final class MiniPretraining {
    static final String VAE = "vae";
    static final String UNET = "unet";
    static final String CONTROLNET = "controlnet";
    /** Batches averaged to measure the latents' spread for {@code scaling_factor}. */
    private static final int SCALING_BATCHES = 8;

    /** Steps between two reports to a stage's listener. */
    private static final int REPORT_EVERY = 10;

    /** What a finished pretraining reports for the provenance file. */
    public record Result(Map<String, Double> finalLosses, double scalingFactor, double wallSeconds,
            Map<String, Long> parameters) {
    }

    private final MiniModelSize size;
    private final PretrainingPlan plan;
    private final Path workDir;

    public MiniPretraining(MiniModelSize size, PretrainingPlan plan, Path workDir) {
        this.size = size;
        this.plan = plan;
        this.workDir = workDir;
    }

    /**
     * Trains (or resumes) every stage and writes the snapshot to {@code out} in {@code dtype}; each stage
     * reports to the listener {@code progress} gives for its name ({@value #VAE}, {@value #UNET},
     * {@value #CONTROLNET}), asked once as the stage starts.
     */
    public Result run(Path out, DType dtype, Function<String, TrainingListener> progress) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(workDir);
        Map<String, Double> losses = new LinkedHashMap<>();
        // On the CPU by name: without a device DJL would pick the first visible GPU (the mini model is built on CPU).
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ClipTokenizer tokenizer = MiniTokenizer.train();
            ClipTextModel text = new ClipTextModel(size.textConfig(tokenizer));
            UNet2DConditionModel unet = new UNet2DConditionModel(size.unetConfig());
            AutoencoderKL vae = new AutoencoderKL(size.vaeConfig(1.0));
            text.initialize(root, plan.seed());
            unet.initialize(root, plan.seed() + 1);
            vae.initialize(root, plan.seed() + 2);
            PromptEncoder prompts = new PromptEncoder(tokenizer, text);
            ForwardDiffusion diffusion = new ForwardDiffusion(NoiseSchedule.fromConfig(MiniModelSize.schedulerConfig()));

            // Stage 1: the autoencoder.
            PretrainingCorpus vaeCorpus = new PretrainingCorpus(plan.seed() ^ 0x1L, size.resolution(), 0.5);
            TrainingListener vaeProgress = progress.apply(VAE);
            losses.put(VAE, train(VAE, plan.vaeSteps(), vae, List.of(), plan.vaeLearningRate(), 0, 0, vaeCorpus,
                    root, vaeProgress, (m, step, batch) -> {
                        NDArray x = Images.toSignedTensor(m, batch.images());
                        LatentDistribution d = vae.encode(x);
                        NDArray recon = vae.decode(d.sample(Seeds.derive(plan.seed(), "vae/z", step)));
                        NDArray diff = recon.sub(x);
                        NDArray kl = d.mean().square().add(d.logvar().exp()).sub(d.logvar()).mean()
                                .sub(m.create(1f));
                        // L1 + L2 keeps the 2-3 px limbs sharper than L2 alone.
                        return diff.abs().mean().add(diff.square().mean())
                                .add(Functional.mulScalar(kl, (float) (0.5 * plan.klWeight())));
                    }));
            freeze(vae);
            double scaling = scalingFactor(vae, vaeCorpus, root);
            vaeProgress.log(String.format(Locale.ROOT, "scaling_factor %.5f (1 / std of the latents)", scaling));

            // Stage 2: text encoder + UNet on the (Min-SNR weighted) ε-prediction loss; the snapshot keeps
            // the moving average of their weights.
            PretrainingCorpus corpus = new PretrainingCorpus(plan.seed() ^ 0x2L, size.resolution(),
                    plan.actionWordShare());
            List<NDArray> vaeArrays = vae.arrays();
            losses.put(UNET, train(UNET, plan.unetSteps(), new ModuleSet(text, unet), vaeArrays,
                    plan.unetLearningRate(), plan.warmupSteps(), plan.emaDecay(), corpus, root, progress.apply(UNET),
                    (m, step, batch) -> {
                        Noised n = noised(vae, scaling, diffusion, m, batch, UNET, step);
                        NDArray context = prompts.encode(m, dropCaptions(batch.captions(), step));
                        NDArray eps = unet.forward(n.noisy, n.timesteps, Conditioning.shared(context));
                        NDArray perImage = eps.sub(n.noise).square().reshape(n.t.length, -1).mean(new int[] {1});
                        return perImage.mul(m.create(minSnrWeights(diffusion, n.t, plan.minSnrGamma()))).mean();
                    }));
            freeze(text);
            freeze(unet);

            // Stage 3: ControlNet on skeleton maps, captions without action words so the pose must come
            // from the map.
            ControlNetModel controlnet = ControlNetModel.fromUNet(unet, size.controlNetConfig(), root,
                    plan.seed() + 3);
            PretrainingCorpus poseCorpus = new PretrainingCorpus(plan.seed() ^ 0x3L, size.resolution(), 0.0);
            List<NDArray> frozen = new ArrayList<>(vaeArrays);
            frozen.addAll(text.arrays());
            frozen.addAll(unet.arrays());
            losses.put(CONTROLNET, train(CONTROLNET, plan.controlSteps(), controlnet, frozen,
                    plan.controlLearningRate(), 0, 0, poseCorpus, root, progress.apply(CONTROLNET),
                    (m, step, batch) -> {
                        Noised n = noised(vae, scaling, diffusion, m, batch, CONTROLNET, step);
                        Conditioning context = Conditioning.shared(prompts.encode(m, batch.captions()));
                        NDArray maps = Images.toUnitTensor(m, batch.skeletons());
                        ControlResiduals residuals = controlnet.forward(n.noisy, n.timesteps, context, maps, 1f);
                        NDArray eps = unet.forward(n.noisy, n.timesteps, context, residuals);
                        return eps.sub(n.noise).square().mean();
                    }));
            freeze(controlnet);

            AutoencoderKL scaledVae = new AutoencoderKL(size.vaeConfig(scaling));
            for (Map.Entry<String, Parameter> e : scaledVae.namedParameters().entrySet()) {
                e.getValue().set(vae.namedParameters().get(e.getKey()).array());
            }
            StableDiffusion model = new StableDiffusion(root, prompts, unet, scaledVae,
                    MiniModelSize.schedulerConfig(), controlnet);
            model.save(out, dtype);
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("text_encoder", text.parameterCount());
            counts.put("unet", unet.parameterCount());
            counts.put("vae", vae.parameterCount());
            counts.put("controlnet", controlnet.parameterCount());
            return new Result(losses, scaling, (System.nanoTime() - started) / 1e9, counts);
        }
    }

    // ---------------------------------------------------------------- one stage

    private record Batch(List<BufferedImage> images, List<BufferedImage> skeletons, List<String> captions) {
    }

    @FunctionalInterface
    private interface StepLoss {
        NDArray loss(NDManager manager, long step, Batch batch);
    }

    /** Several modules trained as one (text encoder + UNet). */
    private record ModuleSet(Module... modules) {
    }

    private double train(String stage, int steps, Module module, List<NDArray> frozen, double lr, int warmup,
            double emaDecay, PretrainingCorpus corpus, NDManager root, TrainingListener listener, StepLoss loss)
            throws IOException {
        return train(stage, steps, new ModuleSet(module), frozen, lr, warmup, emaDecay, corpus, root, listener,
                loss);
    }

    /**
     * Runs (or resumes) one stage on the {@link TrainingLoop} and leaves the modules holding its result: the
     * trained weights, or their moving average when {@code emaDecay > 0}. Returns the mean loss of its last
     * steps ({@link TrainingLoop.Outcome#recentLoss}).
     */
    private double train(String stage, int steps, ModuleSet modules, List<NDArray> frozen, double lr, int warmup,
            double emaDecay, PretrainingCorpus corpus, NDManager root, TrainingListener listener, StepLoss loss)
            throws IOException {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (Module module : modules.modules()) {
            String prefix = modules.modules().length == 1 ? "" : module.getClass().getSimpleName() + "/";
            for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
                NDArray a = e.getValue().array();
                a.setRequiresGradient(true);
                trainable.put(prefix + e.getKey(), a);
            }
        }
        TrainingLoop.Plan loop = new TrainingLoop.Plan(steps, plan.checkpointEvery(), AdamWConfig.defaults(lr),
                workDir.resolve(stage + ".checkpoint.safetensors"), Map.of("stage", stage))
                .withSchedule(LearningRateSchedule.warmup(warmup)).withEma(emaDecay).withReportEvery(REPORT_EVERY);
        Prefetch batches = new Prefetch(corpus, steps);
        TrainingLoop.StepFunction step = (s, m) -> {
            Batch batch = batches.take(s);
            Gradients g = Gradients.compute(trainable, m, () -> loss.loss(m, s, batch));
            if (!Float.isFinite(g.loss())) {
                throw new IllegalStateException("[" + stage + "] loss is " + g.loss() + " at step " + s);
            }
            return TrainingLoop.Update.ofLoss(g.byName(), g.loss());
        };
        return TrainingLoop.run(root, trainable, frozen, loop, listener, step).recentLoss();
    }

    /** Each step's batch, rendered while the step before it trains. */
    private final class Prefetch {
        private final PretrainingCorpus corpus;
        private final long steps;
        private long nextStep = -1;
        private CompletableFuture<Batch> next;

        Prefetch(PretrainingCorpus corpus, long steps) {
            this.corpus = corpus;
            this.steps = steps;
        }

        Batch take(long step) {
            Batch batch = (step == nextStep ? next : prefetch(corpus, step)).join();
            if (step + 1 < steps) {
                next = prefetch(corpus, step + 1);
                nextStep = step + 1;
            }
            return batch;
        }
    }

    private CompletableFuture<Batch> prefetch(PretrainingCorpus corpus, long step) {
        // Rendering runs beside the training step (which uses one intra-op thread).
        return CompletableFuture.supplyAsync(() -> {
            List<PretrainingCorpus.Item> items = IntStream.range(0, plan.batch()).parallel()
                    .mapToObj(i -> corpus.item(step * plan.batch() + i)).toList();
            return new Batch(items.stream().map(i -> i.render().image()).toList(),
                    items.stream().map(i -> i.render().skeletonMap()).toList(),
                    items.stream().map(PretrainingCorpus.Item::caption).toList());
        });
    }

    private List<String> dropCaptions(List<String> captions, long step) {
        RandomGenerator r = Seeds.derive(plan.seed(), "unet/caption-dropout", step);
        List<String> out = new ArrayList<>(captions.size());
        for (String c : captions) {
            out.add(r.nextDouble() < plan.captionDropout() ? "" : c);
        }
        return out;
    }

    private record Noised(NDArray noisy, NDArray noise, NDArray timesteps, long[] t) {
    }

    /** Min-SNR-γ loss weights for ε-prediction: min(SNR(t), γ) / SNR(t), SNR = ᾱ / (1 − ᾱ); γ = 0 gives 1. */
    static float[] minSnrWeights(ForwardDiffusion diffusion, long[] t, double gamma) {
        float[] w = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double a = diffusion.alphaCumprod(t[i]);
            double snr = a / (1 - a);
            w[i] = gamma > 0 ? (float) (Math.min(snr, gamma) / snr) : 1f;
        }
        return w;
    }

    private Noised noised(AutoencoderKL vae, double scaling, ForwardDiffusion diffusion, NDManager m, Batch batch,
            String stage, long step) {
        NDArray x = Images.toSignedTensor(m, batch.images());
        NDArray latents = Functional.mulScalar(vae.encode(x).sample(Seeds.derive(plan.seed(), stage + "/z", step)),
                (float) scaling);
        NDArray noise = Seeds.gaussian(m, latents.getShape(), Seeds.derive(plan.seed(), stage + "/noise", step));
        long[] t = diffusion.sampleTimesteps(batch.images().size(), Seeds.derive(plan.seed(), stage + "/t", step));
        return new Noised(diffusion.addNoise(latents, noise, t), noise, ForwardDiffusion.timestepArray(m, t), t);
    }

    /** 1 / std of encoder samples over a few batches, as SD's 0.18215 was measured. */
    private double scalingFactor(AutoencoderKL vae, PretrainingCorpus corpus, NDManager root) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int b = 0; b < SCALING_BATCHES; b++) {
            Batch batch = prefetch(corpus, 1_000_000L + b).join();
            try (StepScope scope = StepScope.open(root, vae.arrays())) {
                NDArray z = vae.encode(Images.toSignedTensor(scope.manager(), batch.images()))
                        .sample(Seeds.derive(plan.seed(), "vae/scaling", b));
                for (float v : z.toFloatArray()) {
                    sum += v;
                    sumSq += (double) v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return 1.0 / Math.sqrt(sumSq / n - mean * mean);
    }

    private static void freeze(Module module) {
        for (NDArray a : module.arrays()) {
            a.setRequiresGradient(false);
        }
    }
}
