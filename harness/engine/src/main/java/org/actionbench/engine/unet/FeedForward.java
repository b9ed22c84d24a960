package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.actionbench.engine.nn.Linear;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Temporaries;
import org.actionbench.engine.nn.ModuleGroup;

/**
 * diffusers' {@code FeedForward} with {@code activation_fn="geglu"}, as every Stable Diffusion transformer block
 * uses it: {@code net.0} is GEGLU, a projection {@code net.0.proj} to 2 × inner channels split into a value and
 * a gate, value · gelu(gate) with the exact (erf) GELU; {@code net.1} is dropout (no parameters);
 * {@code net.2} projects inner back to dim. inner = 4 · dim.
 */
public final class FeedForward extends Module {
    private final Geglu geglu;
    private final Linear out;

    public FeedForward(long dim) {
        this(dim, 4 * dim);
    }

    public FeedForward(long dim, long inner) {
        ModuleGroup net = child("net", new ModuleGroup());
        geglu = net.add("0", new Geglu(dim, inner));
        out = net.add("2", new Linear(inner, dim, true));
    }

    public NDArray forward(NDArray x) {
        NDArray gated = geglu.forward(x);
        NDArray y = out.forward(gated);
        Temporaries.close(gated);
        return y;
    }

    /** diffusers' {@code GEGLU}: the first half of the projection is the value, the second the gate. */
    public static final class Geglu extends Module {
        private final Linear proj;

        public Geglu(long dim, long inner) {
            this.proj = child("proj", new Linear(dim, 2 * inner, true));
        }

        public NDArray forward(NDArray x) {
            NDArray projected = proj.forward(x);
            NDArray y = gate(projected);
            Temporaries.close(projected);
            return y;
        }

        /** [..., 2·inner] → value · gelu(gate), [..., inner]. */
        public static NDArray gate(NDArray projected) {
            // DJL's split does not accept a negative axis.
            NDList halves = projected.split(2, projected.getShape().dimension() - 1);
            NDArray gelu = Activation.gelu(halves.get(1));
            NDArray y = halves.get(0).mul(gelu);
            Temporaries.close(gelu);
            Temporaries.close(halves);
            return y;
        }
    }
}
