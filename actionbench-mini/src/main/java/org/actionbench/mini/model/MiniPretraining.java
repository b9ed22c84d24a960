package org.actionbench.mini.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.actionbench.engine.train.AdamW;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.ExponentialMovingAverage;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.nn.StepScope;
import org.actionbench.engine.train.TrainingCheckpoint;
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
 * then a ControlNet on skeleton maps with everything else frozen. Every stage checkpoints into the work
 * directory every {@code checkpointEvery} steps; a run that finds checkpoints continues from them, and
 * because each step's images, noise and timesteps come from (seed, stage, step), a resumed pretraining
 * ends with the same weights as an uninterrupted one.
 */
public final class MiniPretraining {
    static final String VAE = "vae";
    static final String UNET = "unet";
    static final String CONTROLNET = "controlnet";
    /** Batches averaged to measure the latents' spread for {@code scaling_factor}. */
    private static final int SCALING_BATCHES = 8;

    /** Where progress goes: one line per report, plus free-form log lines. */
    public interface Progress {
        void step(String stage, long step, long total, double loss, double secondsPerStep);

        void log(String line);
    }

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

    /** Trains (or resumes) every stage and writes the snapshot to {@code out} in {@code dtype}. */
    public Result run(Path out, DType dtype, Progress progress) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(workDir);
        Map<String, Double> losses = new LinkedHashMap<>();
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
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
            losses.put(VAE, train(VAE, plan.vaeSteps(), vae, List.of(), plan.vaeLearningRate(), 0, 0, vaeCorpus,
                    root, progress, (m, step, batch) -> {
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
            progress.log(String.format("vae scaling_factor %.5f (1 / std of the latents)", scaling));

            // Stage 2: text encoder + UNet on the (Min-SNR weighted) ε-prediction loss; the snapshot keeps
            // the moving average of their weights.
            PretrainingCorpus corpus = new PretrainingCorpus(plan.seed() ^ 0x2L, size.resolution(),
                    plan.actionWordShare());
            List<NDArray> vaeArrays = vae.arrays();
            losses.put(UNET, train(UNET, plan.unetSteps(), new ModuleSet(text, unet), vaeArrays,
                    plan.unetLearningRate(), plan.warmupSteps(), plan.emaDecay(), corpus, root, progress,
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
                    plan.controlLearningRate(), 0, 0, poseCorpus, root, progress, (m, step, batch) -> {
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
            double emaDecay, PretrainingCorpus corpus, NDManager root, Progress progress, StepLoss loss)
            throws IOException {
        return train(stage, steps, new ModuleSet(module), frozen, lr, warmup, emaDecay, corpus, root, progress,
                loss);
    }

    /**
     * Runs (or resumes) one stage and leaves the modules holding its result: the trained weights, or their
     * moving average when {@code emaDecay > 0}. Returns the mean loss of the last 50 steps.
     */
    private double train(String stage, int steps, ModuleSet modules, List<NDArray> frozen, double lr, int warmup,
            double emaDecay, PretrainingCorpus corpus, NDManager root, Progress progress, StepLoss loss)
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
        Path checkpoint = workDir.resolve(stage + ".checkpoint.safetensors");
        List<NDArray> trainableList = List.copyOf(trainable.values());
        double recent = Double.NaN;
        try (AdamW optimizer = new AdamW(root, trainable, AdamWConfig.defaults(lr));
                ExponentialMovingAverage ema = emaDecay > 0
                        ? new ExponentialMovingAverage(root, trainable, emaDecay) : null) {
            Map<String, NDArray> extra = ema == null ? Map.of() : ema.tensors();
            long start = 0;
            if (Files.exists(checkpoint)) {
                start = TrainingCheckpoint.restore(checkpoint, optimizer, extra).step();
                progress.log("[" + stage + "] resumed at step " + start + " of " + steps + " from " + checkpoint);
            }
            if (start >= steps) {
                if (ema != null) {
                    ema.copyToParameters();
                }
                return lastLoss(stage);
            }
            CompletableFuture<Batch> next = prefetch(corpus, start);
            double sum = 0;
            int counted = 0;
            long windowStart = System.nanoTime();
            int windowSteps = 0;
            for (long step = start; step < steps; step++) {
                Batch batch = next.join();
                if (step + 1 < steps) {
                    next = prefetch(corpus, step + 1);
                }
                optimizer.setLearningRate(warmup > 0 && step < warmup ? lr * (step + 1) / warmup : lr);
                float value;
                try (StepScope scope = StepScope.open(root, trainableList, frozen)) {
                    long s = step;
                    Gradients g = Gradients.compute(trainable, scope.manager(),
                            () -> loss.loss(scope.manager(), s, batch));
                    optimizer.step(g.byName());
                    value = g.loss();
                }
                if (ema != null) {
                    ema.update(step + 1);
                }
                if (!Float.isFinite(value)) {
                    throw new IllegalStateException("[" + stage + "] loss is " + value + " at step " + step);
                }
                if (step >= steps - 50) {
                    sum += value;
                    counted++;
                }
                windowSteps++;
                boolean last = step + 1 == steps;
                if ((step + 1) % plan.checkpointEvery() == 0 || last) {
                    recent = counted > 0 ? sum / counted : value;
                    new TrainingCheckpoint(step + 1, Map.of("stage", stage, "recent_loss", Double.toString(
                            counted > 0 ? sum / counted : value))).save(checkpoint, optimizer, extra);
                }
                if ((step + 1) % 10 == 0 || last) {
                    double perStep = (System.nanoTime() - windowStart) / 1e9 / windowSteps;
                    progress.step(stage, step + 1, steps, value, perStep);
                    windowStart = System.nanoTime();
                    windowSteps = 0;
                }
            }
            if (ema != null) {
                ema.copyToParameters();
            }
            return recent;
        }
    }

    private double lastLoss(String stage) throws IOException {
        try (var f = org.actionbench.engine.weights.SafetensorsFile.open(
                workDir.resolve(stage + ".checkpoint.safetensors"))) {
            String v = f.metadata().get("recent_loss");
            return v == null ? Double.NaN : Double.parseDouble(v);
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
