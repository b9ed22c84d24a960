package org.actionbench.mini.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.nn.Conv2d;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.GroupNorm;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;

/**
 * A small convolutional classifier for the world's 64×64 renders: a 3×3 stem, then stride-2 3×3
 * convolutions (each followed by group norm and SiLU) down to an 8×8 grid, flattened — not pooled,
 * because where the limbs are is what tells the actions apart — into a hidden layer and the logits.
 */
public final class ImageClassifier extends Module {
    private final ClassifierConfig config;
    private final Conv2d stem;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<GroupNorm> norms = new ArrayList<>();
    private final Linear hidden;
    private final Linear out;

    public ImageClassifier(ClassifierConfig config) {
        this.config = config;
        List<Integer> w = config.widths();
        stem = child("stem", new Conv2d(3, w.get(0), 3, 1, 1));
        norms.add(child("norms.0", new GroupNorm(8, w.get(0), 1e-5, true)));
        for (int i = 1; i < w.size(); i++) {
            convs.add(child("convs." + (i - 1), new Conv2d(w.get(i - 1), w.get(i), 3, 2, 1)));
            norms.add(child("norms." + i, new GroupNorm(8, w.get(i), 1e-5, true)));
        }
        int grid = config.resolution() >> (w.size() - 1);
        hidden = child("hidden", new Linear((long) w.get(w.size() - 1) * grid * grid, config.hidden(), true));
        out = child("out", new Linear(config.hidden(), config.labels().size(), true));
    }

    public ClassifierConfig config() {
        return config;
    }

    /** images [B, 3, R, R] in [−1, 1] → logits [B, classes]. */
    public NDArray forward(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != config.resolution() || s.get(3) != config.resolution()) {
            throw new IllegalArgumentException("classifier '" + config.name() + "' takes [B, 3, " + config.resolution()
                    + ", " + config.resolution() + "] images, got " + s);
        }
        NDArray x = Functional.silu(norms.get(0).forward(stem.forward(images)));
        for (int i = 0; i < convs.size(); i++) {
            x = Functional.silu(norms.get(i + 1).forward(convs.get(i).forward(x)));
        }
        x = x.reshape(s.get(0), -1);
        return out.forward(Functional.silu(hidden.forward(x)));
    }
}
