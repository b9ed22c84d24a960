package org.actionbench.engine.method;

/**
 * The settings of a method that trains: how many optimisation steps it takes (the runner's progress and
 * ETA announce them), how often it writes a checkpoint, and the seed every step's randomness derives from. The runner gives the run spec's
 * training seed to the defaults ({@link #withSeed}) before it applies the spec's overrides, so a method's
 * own {@code seed} setting in the spec still wins.
 *
 * @param <S> the settings record itself
 */
public interface TrainingSettings<S extends Record & TrainingSettings<S>> {

    int steps();

    int checkpointEvery();

    long seed();

    /** These settings with another seed. */
    S withSeed(long seed);
}
