package org.actionbench.mini.judge;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictSaver;

/**
 * The ActionBench-Mini oracle: two classifiers trained on renders of the world, one naming the action
 * (pose family) and one the subject (cast member) of an image. Because the world's ground truth is known,
 * a generated image can be judged automatically: its action is right when the action classifier names
 * the action asked for, its subject when the subject classifier names the subject asked for.
 *
 * <p>On disk: {@code <dir>/action/} and {@code <dir>/subject/}, each with {@code config.json}
 * ({@link ClassifierConfig}) and {@code model.safetensors}.
 */
public final class OracleJudge implements AutoCloseable {
    public static final String ACTION = "action";
    public static final String SUBJECT = "subject";
    static final String WEIGHTS = "model.safetensors";
    static final String CONFIG = "config.json";
    private static final int BATCH = 64;

    /** A classifier's answer: the most likely label and its softmax probability. */
    public record Prediction(String label, double probability) {
    }

    /** Both classifiers' answers for one image. */
    public record Reading(Prediction action, Prediction subject) {
    }

    private final NDManager manager;
    private final ImageClassifier action;
    private final ImageClassifier subject;

    OracleJudge(NDManager manager, ImageClassifier action, ImageClassifier subject) {
        this.manager = manager;
        this.action = action;
        this.subject = subject;
    }

    public static OracleJudge load(Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve(ACTION)) || !Files.isDirectory(dir.resolve(SUBJECT))) {
            throw new IOException(dir + " is not an oracle judge: expected action/ and subject/ folders with "
                    + CONFIG + " and " + WEIGHTS);
        }
        // On the CPU by name, whatever device the run computed on: DJL's default device is the first visible
        // GPU, and the judge's accuracy was measured on the CPU, so judgements must not depend on the libtorch.
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            return new OracleJudge(manager, loadOne(dir.resolve(ACTION), manager), loadOne(dir.resolve(SUBJECT), manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static ImageClassifier loadOne(Path dir, NDManager manager) throws IOException {
        ImageClassifier c = new ImageClassifier(ClassifierConfig.read(dir.resolve(CONFIG)));
        StateDictLoader.load(c, manager, dir.resolve(WEIGHTS));
        return c;
    }

    /** Writes both classifiers into {@code dir} (float16 weights). */
    public void save(Path dir) throws IOException {
        for (ImageClassifier c : List.of(action, subject)) {
            Path d = dir.resolve(c.config().name());
            Files.createDirectories(d);
            c.config().write(d.resolve(CONFIG));
            StateDictSaver.save(c, d.resolve(WEIGHTS), DType.F16, StateDictSaver.DEFAULT_METADATA);
        }
    }

    public ClassifierConfig actionConfig() {
        return action.config();
    }

    public ClassifierConfig subjectConfig() {
        return subject.config();
    }

    /** Reads every image (resized to the classifiers' resolution when it differs). */
    public List<Reading> read(List<BufferedImage> images) {
        List<Reading> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            List<BufferedImage> batch = images.subList(from, Math.min(images.size(), from + BATCH)).stream()
                    .map(i -> resized(i, action.config().resolution())).toList();
            try (NDManager m = manager.newSubManager()) {
                NDArray x = Images.toSignedTensor(m, batch);
                List<Prediction> a = predict(action, x);
                List<Prediction> s = predict(subject, x);
                for (int i = 0; i < batch.size(); i++) {
                    out.add(new Reading(a.get(i), s.get(i)));
                }
            }
        }
        return out;
    }

    private static List<Prediction> predict(ImageClassifier c, NDArray x) {
        NDArray p = c.forward(x).softmax(1);
        int classes = c.config().labels().size();
        float[] probs = p.toFloatArray();
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < probs.length / classes; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probs[i * classes + k] > probs[i * classes + best]) {
                    best = k;
                }
            }
            out.add(new Prediction(c.config().labels().get(best), probs[i * classes + best]));
        }
        return out;
    }

    static BufferedImage resized(BufferedImage image, int size) {
        if (image.getWidth() == size && image.getHeight() == size && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    ImageClassifier actionClassifier() {
        return action;
    }

    ImageClassifier subjectClassifier() {
        return subject;
    }

    @Override
    public void close() {
        manager.close();
    }
}
