package org.actionbench.engine.schedulers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022): ε̂ = ε_uncond + s (ε_cond − ε_uncond).
 *
 * <p>Batch order convention, as in diffusers' pipelines: the network runs once on a doubled batch whose first
 * half is unconditional (empty-prompt embeddings) and second half conditional, so {@link #batch} and
 * {@link #split} put and take the unconditional half first.
 */
public final class ClassifierFreeGuidance {
    private ClassifierFreeGuidance() {
    }

    /** The two halves of a doubled batch. */
    public record Halves(NDArray uncond, NDArray cond) {
    }

    /** uncond + scale·(cond − uncond), attached to uncond's manager. scale 1 gives cond; 0 gives uncond. */
    public static NDArray combine(NDArray uncond, NDArray cond, float scale) {
        if (!uncond.getShape().equals(cond.getShape())) {
            throw new IllegalArgumentException("guidance: unconditional shape " + uncond.getShape()
                    + " does not match conditional shape " + cond.getShape());
        }
        return ArrayScope.compute(uncond, new NDArray[] {uncond, cond},
                scope -> uncond.add(cond.sub(uncond).mul(scale)));
    }

    /** Splits a [2B, …] output into its unconditional first half and conditional second half. */
    public static Halves split(NDArray batched) {
        if (batched.getShape().dimension() < 1 || batched.getShape().get(0) % 2 != 0) {
            throw new IllegalArgumentException("guidance: a doubled batch needs an even first dimension, got shape "
                    + batched.getShape());
        }
        NDList halves = batched.split(2, 0);
        return new Halves(halves.get(0), halves.get(1));
    }

    /** split then combine: the guided output [B, …] of a doubled batch, attached to batched's manager. */
    public static NDArray guide(NDArray batched, float scale) {
        Halves h = split(batched);
        try {
            return combine(h.uncond(), h.cond(), scale);
        } finally {
            h.uncond().close();
            h.cond().close();
        }
    }

    /** [uncond; cond] along the batch axis: the network input of a guided step, attached to uncond's manager. */
    public static NDArray batch(NDArray uncond, NDArray cond) {
        if (!uncond.getShape().equals(cond.getShape())) {
            throw new IllegalArgumentException("guidance: unconditional shape " + uncond.getShape()
                    + " does not match conditional shape " + cond.getShape());
        }
        return uncond.concat(cond, 0);
    }
}
