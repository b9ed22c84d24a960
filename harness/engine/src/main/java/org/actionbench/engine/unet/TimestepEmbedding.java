package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;

/** diffusers' {@code TimestepEmbedding}: linear_1 → SiLU → linear_2, from the sinusoidal features to temb. */
public final class TimestepEmbedding extends Module {
    private final Linear linear1;
    private final Linear linear2;

    public TimestepEmbedding(long in, long timeEmbedDim) {
        linear1 = child("linear_1", new Linear(in, timeEmbedDim, true));
        linear2 = child("linear_2", new Linear(timeEmbedDim, timeEmbedDim, true));
    }

    public NDArray forward(NDArray x) {
        return linear2.forward(Functional.silu(linear1.forward(x)));
    }
}
