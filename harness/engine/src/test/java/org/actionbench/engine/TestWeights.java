package org.actionbench.engine;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;

/** Weight tweaks that make reference comparisons in tests sensitive to every parameter. */
public final class TestWeights {
    private TestWeights() {
    }

    /**
     * Moves every normalisation's affine parameters away from their initial (1, 0), so a reference that
     * ignored them would disagree: weights ~ 1 + 0.3·N(0,1), biases ~ biasStd·N(0,1).
     */
    public static void perturbNorms(Module model, NDManager manager, long seed, double biasStd) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            if (e.getKey().contains("norm")) {
                Parameter p = e.getValue();
                float[] v = new float[(int) p.size()];
                boolean weight = e.getKey().endsWith("weight");
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (weight ? 1 + 0.3 * r.nextGaussian() : biasStd * r.nextGaussian());
                }
                p.set(manager.create(v, p.shape()));
            }
        }
    }
}
