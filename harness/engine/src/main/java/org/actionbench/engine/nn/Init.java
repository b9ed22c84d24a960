package org.actionbench.engine.nn;

import java.util.random.RandomGenerator;

/** How a parameter is filled when a model is built with random weights (tiny test snapshots, pretraining). */
public sealed interface Init {

    /** Fills {@code values} for a tensor of the given shape. */
    void fill(float[] values, long[] shape, RandomGenerator random);

    static Init zeros() {
        return new Constant(0f);
    }

    static Init ones() {
        return new Constant(1f);
    }

    /** Normal with a fixed standard deviation (embedding tables, as CLIP initialises them). */
    static Init normal(double std) {
        return new Normal(std, false);
    }

    /** Normal with std 1/sqrt(fan_in): keeps activations of stacked random layers at unit scale. */
    static Init fanIn() {
        return new Normal(1.0, true);
    }

    record Constant(float value) implements Init {
        @Override
        public void fill(float[] values, long[] shape, RandomGenerator random) {
            java.util.Arrays.fill(values, value);
        }
    }

    record Normal(double std, boolean scaleByFanIn) implements Init {
        @Override
        public void fill(float[] values, long[] shape, RandomGenerator random) {
            double s = std;
            if (scaleByFanIn) {
                long fanIn = 1;
                for (int i = 1; i < shape.length; i++) {
                    fanIn *= shape[i];
                }
                s = std / Math.sqrt(Math.max(1, fanIn));
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * s);
            }
        }
    }
}
