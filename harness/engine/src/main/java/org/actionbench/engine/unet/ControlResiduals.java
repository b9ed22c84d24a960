package org.actionbench.engine.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.actionbench.engine.nn.Functional;

/**
 * A ControlNet's outputs as diffusers passes them to the UNet: {@code down} holds one residual per skip
 * connection ({@code down_block_additional_residuals}, 12 for SD: the conv_in output, then each down
 * block's resnet/attention outputs and downsampler output, in order), added to the skips before the up path;
 * {@code mid} ({@code mid_block_additional_residual}) is added to the mid block's output. Either may be null.
 */
public record ControlResiduals(List<NDArray> down, NDArray mid) {

    public ControlResiduals {
        down = down == null ? null : List.copyOf(down);
    }

    /** Every residual in {@code type} (differentiably); itself when already so. */
    public ControlResiduals in(DataType type) {
        boolean same = (mid == null || mid.getDataType() == type)
                && (down == null || down.stream().allMatch(r -> r.getDataType() == type));
        if (same) {
            return this;
        }
        return new ControlResiduals(down == null ? null : down.stream().map(r -> Functional.cast(r, type)).toList(),
                mid == null ? null : Functional.cast(mid, type));
    }
}
