package org.actionbench.engine.schedulers;

import ai.djl.ndarray.NDArray;

/**
 * A sampling scheduler in the shape of diffusers' and sd4j's: choose the timesteps, then turn the network's output
 * at each of them into the previous sample. A sampler loop is
 * {@code x = noise·initNoiseSigma(); for t in timesteps(): x = step(model(x, t), t, x)}.
 */
public interface Scheduler {
    /** Chooses the timesteps for an n-step run; must be called before {@link #step}. */
    void setTimesteps(int numInferenceSteps);

    /** The timesteps of the run, descending (a copy). */
    long[] timesteps();

    /**
     * One reverse step from timestep t.
     *
     * @param modelOutput the network's output for (sample, t), shaped like sample
     * @param timestep one of {@link #timesteps()}
     * @param sample x_t
     * @return the sample at the next (smaller) timestep, attached to sample's manager
     */
    NDArray step(NDArray modelOutput, long timestep, NDArray sample);

    /** Standard deviation of the initial noise x_T. */
    float initNoiseSigma();
}
