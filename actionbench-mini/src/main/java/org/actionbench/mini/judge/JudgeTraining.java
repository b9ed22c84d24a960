package org.actionbench.mini.judge;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.CastMember;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.PretrainingCorpus;
import org.actionbench.mini.world.Render;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.train.Gradients;
import org.actionbench.engine.train.LearningRateSchedule;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.train.TrainingLoop;

/**
 * Trains the {@link OracleJudge} on fresh renders of the world (every cast member, action and scene, drawn
 * at random) and measures it on renders it never saw (another seed). Generated images are blurrier and
 * noisier than renders, so training images are randomly blurred (down- and up-sampled), shifted by a few
 * pixels and given Gaussian noise; the held-out renders are clean. The training is a {@link TrainingLoop}
 * with a cosine learning-rate decay, so it resumes bit-exactly from its checkpoint.
 */
public final class JudgeTraining {
    /** The checkpoint's name in the work directory. */
    public static final String CHECKPOINT_FILE = "judge.checkpoint.safetensors";
    /** Cosine decay of the learning rate to 10 % of its start, for a calm end. */
    static final LearningRateSchedule SCHEDULE = LearningRateSchedule.cosine(0.1);

    /**
     * @param checkpointEvery steps between checkpoints in the work directory
     */
    public record Plan(long seed, int resolution, int batch, int steps, double learningRate, int heldOut,
            List<Integer> widths, int hidden, int checkpointEvery) {
        public static final Plan DEFAULT = new Plan(77, 64, 48, 2400, 1e-3, 1600, List.of(16, 32, 64, 64), 128,
                100);

        public Plan scaled(double factor) {
            return new Plan(seed, resolution, batch, Math.max(1, (int) Math.round(steps * factor)), learningRate,
                    Math.max(16, (int) Math.round(heldOut * factor)), widths, hidden, checkpointEvery);
        }
    }

    /** Held-out accuracy of each classifier, with the number of renders it was measured on. */
    public record Accuracy(double action, double subject, int images) {
    }

    /** @param finalLoss the mean loss of the training's last steps ({@link TrainingLoop.Outcome#recentLoss}) */
    public record Result(Accuracy heldOut, double finalLoss, double wallSeconds) {
    }

    private JudgeTraining() {
    }

    public static List<String> actionLabels() {
        return java.util.Arrays.stream(PoseFamily.values()).map(PoseFamily::id).toList();
    }

    public static List<String> subjectLabels() {
        return Cast.all().stream().map(CastMember::id).toList();
    }

    /**
     * Trains a judge (or resumes its training from the checkpoint in {@code workDir}), writes it to
     * {@code out}, and returns its held-out accuracy.
     */
    public static Result train(Plan plan, Path out, Path workDir, TrainingListener listener) throws IOException {
        long started = System.nanoTime();
        // On the CPU by name: without a device DJL would pick the first visible GPU (the judge is built on CPU).
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        ImageClassifier action = new ImageClassifier(new ClassifierConfig(OracleJudge.ACTION, actionLabels(),
                plan.resolution(), plan.widths(), plan.hidden()));
        ImageClassifier subject = new ImageClassifier(new ClassifierConfig(OracleJudge.SUBJECT, subjectLabels(),
                plan.resolution(), plan.widths(), plan.hidden()));
        action.initialize(manager, plan.seed());
        subject.initialize(manager, plan.seed() + 1);
        try (OracleJudge judge = new OracleJudge(manager, action, subject)) {
            Map<String, NDArray> trainable = new LinkedHashMap<>();
            for (ImageClassifier c : List.of(action, subject)) {
                for (Map.Entry<String, Parameter> e : c.namedParameters().entrySet()) {
                    NDArray a = e.getValue().array();
                    a.setRequiresGradient(true);
                    trainable.put(c.config().name() + "/" + e.getKey(), a);
                }
            }
            PretrainingCorpus corpus = new PretrainingCorpus(plan.seed() ^ 0x7L, plan.resolution(), 0.0);
            TrainingLoop.Plan loop = new TrainingLoop.Plan(plan.steps(), plan.checkpointEvery(),
                    AdamWConfig.defaults(plan.learningRate()), workDir.resolve(CHECKPOINT_FILE),
                    Map.of("training", "judge", "plan", plan.toString())).withSchedule(SCHEDULE).withReportEvery(20);
            TrainingLoop.Outcome outcome = TrainingLoop.run(manager, trainable, List.of(), loop, listener, (step, m) -> {
                List<Render> renders = IntStream.range(0, plan.batch()).parallel()
                        .mapToObj(i -> corpus.item(step * plan.batch() + i).render()).toList();
                RandomGenerator rng = Seeds.derive(plan.seed(), "judge/augment", step);
                List<BufferedImage> images = new ArrayList<>();
                for (Render r : renders) {
                    images.add(augment(r.image(), rng));
                }
                NDArray x = Images.toSignedTensor(m, images);
                NDArray noise = Seeds.gaussian(m, x.getShape(), rng).mul(noiseLevels(m, images.size(), rng));
                NDArray noisy = x.add(noise);
                NDArray actionTargets = oneHot(m, renders.stream()
                        .map(r -> action.config().indexOf(r.actionId())).toList(), actionLabels().size());
                NDArray subjectTargets = oneHot(m, renders.stream()
                        .map(r -> subject.config().indexOf(r.subjectId())).toList(), subjectLabels().size());
                Gradients g = Gradients.compute(trainable, m, () -> crossEntropy(action.forward(noisy), actionTargets)
                        .add(crossEntropy(subject.forward(noisy), subjectTargets)));
                return TrainingLoop.Update.ofLoss(g.byName(), g.loss());
            });
            for (NDArray a : trainable.values()) {
                a.setRequiresGradient(false);
            }
            Accuracy accuracy = accuracy(judge, heldOut(plan.seed(), plan.resolution(), plan.heldOut()));
            judge.save(out);
            return new Result(accuracy, outcome.recentLoss(), (System.nanoTime() - started) / 1e9);
        }
    }

    /** Renders the judge never trained on: the corpus stream of another seed, all cast, actions, scenes. */
    public static List<Render> heldOut(long seed, int resolution, int count) {
        PretrainingCorpus corpus = new PretrainingCorpus(seed ^ 0x8L, resolution, 0.0);
        return IntStream.range(0, count).parallel().mapToObj(i -> corpus.item(i).render()).toList();
    }

    /** Share of renders whose action, and whose subject, the judge names correctly. */
    public static Accuracy accuracy(OracleJudge judge, List<Render> renders) {
        List<OracleJudge.Reading> readings = judge.read(renders.stream().map(Render::image).toList());
        int a = 0;
        int s = 0;
        for (int i = 0; i < renders.size(); i++) {
            a += readings.get(i).action().label().equals(renders.get(i).actionId()) ? 1 : 0;
            s += readings.get(i).subject().label().equals(renders.get(i).subjectId()) ? 1 : 0;
        }
        return new Accuracy((double) a / renders.size(), (double) s / renders.size(), renders.size());
    }

    /** −mean Σ target · log softmax(logits): the usual classification loss. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        NDArray picked = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean();
        return Functional.mulScalar(picked, -1f);
    }

    private static NDArray oneHot(NDManager m, List<Integer> labels, int classes) {
        float[] v = new float[labels.size() * classes];
        for (int i = 0; i < labels.size(); i++) {
            v[i * classes + labels.get(i)] = 1f;
        }
        return m.create(v, new Shape(labels.size(), classes));
    }

    private static NDArray noiseLevels(NDManager m, int batch, RandomGenerator rng) {
        float[] sigma = new float[batch];
        for (int i = 0; i < batch; i++) {
            sigma[i] = (float) (rng.nextDouble() * 0.15);
        }
        return m.create(sigma, new Shape(batch, 1, 1, 1));
    }

    /** A random blur (half the images), then a shift of up to 2 pixels. */
    static BufferedImage augment(BufferedImage image, RandomGenerator rng) {
        int size = image.getWidth();
        BufferedImage src = image;
        if (rng.nextBoolean()) {
            src = OracleJudge.resized(OracleJudge.resized(image, size / 2 + rng.nextInt(size / 4)), size);
        }
        int dx = rng.nextInt(5) - 2;
        int dy = rng.nextInt(5) - 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.drawImage(src, 0, 0, null); // the uncovered border keeps plausible colours
        g.drawImage(src, dx, dy, null);
        g.dispose();
        return out;
    }
}
