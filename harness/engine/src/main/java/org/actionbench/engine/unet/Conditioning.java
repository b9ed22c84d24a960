package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.actionbench.engine.nn.Functional;

/**
 * What the UNet's cross-attention layers attend to: either one encoder hidden state [B, T, D] shared by
 * every layer (plain Stable Diffusion), or one per cross-attention layer (P+ and ADI learn a token per
 * layer), in diffusers' layer order: the down blocks' transformer blocks in order, then the mid block's,
 * then the up blocks' (16 layers for SD 2.1: 6 down, 1 mid, 9 up). A ControlNet copies the UNet's down path
 * and mid block, so given the same per-layer list it reads the UNet's down and mid entries.
 */
public final class Conditioning {
    private final NDArray shared;
    private final List<NDArray> perLayer;

    private Conditioning(NDArray shared, List<NDArray> perLayer) {
        this.shared = shared;
        this.perLayer = perLayer;
    }

    /** One context [B, T, D] for every cross-attention layer. */
    public static Conditioning shared(NDArray context) {
        return new Conditioning(Objects.requireNonNull(context, "context"), null);
    }

    /** One context [B, T, D] per cross-attention layer, in diffusers' layer order. */
    public static Conditioning perLayer(List<NDArray> contexts) {
        if (contexts == null || contexts.isEmpty()) {
            throw new IllegalArgumentException("per-layer conditioning needs at least one context");
        }
        for (int i = 0; i < contexts.size(); i++) {
            if (contexts.get(i) == null) {
                throw new IllegalArgumentException("per-layer context " + i + " is null");
            }
        }
        return new Conditioning(null, List.copyOf(contexts));
    }

    public boolean isPerLayer() {
        return perLayer != null;
    }

    /** Number of per-layer contexts; 0 for a shared context (it fits any number of layers). */
    public int layers() {
        return perLayer == null ? 0 : perLayer.size();
    }

    /** The same conditioning with every context in {@code type} (differentiably); itself when already so. */
    public Conditioning in(DataType type) {
        if (perLayer == null) {
            NDArray cast = Functional.cast(shared, type);
            return cast == shared ? this : shared(cast);
        }
        if (perLayer.stream().allMatch(c -> c.getDataType() == type)) {
            return this;
        }
        List<NDArray> cast = new ArrayList<>(perLayer.size());
        for (NDArray c : perLayer) {
            cast.add(Functional.cast(c, type));
        }
        return perLayer(cast);
    }

    /** Every distinct context array: one when shared, one per layer otherwise. */
    public List<NDArray> arrays() {
        return perLayer == null ? List.of(shared) : perLayer;
    }

    /** The context cross-attention layer {@code layer} (0-based, diffusers' order) attends to. */
    public NDArray forLayer(int layer) {
        if (perLayer == null) {
            return shared;
        }
        if (layer < 0 || layer >= perLayer.size()) {
            throw new IllegalArgumentException("cross-attention layer " + layer + " has no context: "
                    + perLayer.size() + " per-layer contexts were given");
        }
        return perLayer.get(layer);
    }
}
