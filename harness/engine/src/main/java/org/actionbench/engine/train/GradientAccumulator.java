package org.actionbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient accumulation: the gradients of k micro-batches are summed and the optimizer steps once with
 * their mean, as a batch k times larger would (the effect of {@code gradient_accumulation_steps} in the
 * diffusers training scripts, where each micro-batch's loss is divided by k before backward). The sums
 * live in this accumulator's own manager so they survive the micro-batches' step scopes.
 *
 * <p>With k = 1 the mean is the single gradient itself, copied bit for bit (no division, no addition to
 * zero, which would turn −0 into +0), so accumulation over one micro-batch is identical to none.
 */
public final class GradientAccumulator implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> sums = new LinkedHashMap<>();
    private int count;

    /** @param parent a manager that outlives the accumulation (not a step's manager) */
    public GradientAccumulator(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /**
     * Adds one micro-batch's gradients; every call must carry the same names and shapes. The first call's
     * arrays are taken over (moved into this accumulator's manager and summed into in place), so the caller
     * must not use them afterwards.
     */
    public void add(Map<String, NDArray> gradients) {
        if (count == 0) {
            // The first gradients become the sums themselves: taken over, not copied (a copy per tensor per
            // step is a pass over every trained weight, for DreamBooth the whole UNet).
            for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
                NDArray sum = e.getValue();
                sum.attach(manager);
                sums.put(e.getKey(), sum);
            }
        } else {
            if (!gradients.keySet().equals(sums.keySet())) {
                throw new IllegalArgumentException("micro-batch " + (count + 1) + " has gradients for "
                        + gradients.keySet() + ", earlier micro-batches for " + sums.keySet());
            }
            for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
                NDArray sum = sums.get(e.getKey());
                if (!sum.getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException("micro-batch " + (count + 1) + ": gradient for '" + e.getKey()
                            + "' has shape " + e.getValue().getShape() + ", earlier ones " + sum.getShape());
                }
                sum.addi(e.getValue());
            }
        }
        count++;
    }

    /** Micro-batches added since the last {@link #reset()}. */
    public int count() {
        return count;
    }

    /**
     * The mean gradient, owned by {@code into} (normally the step's manager), which ends the accumulation:
     * the sums are handed over (with one micro-batch the mean is the sum itself, without a copy) and the
     * accumulator is empty again, as after {@link #reset()}.
     */
    public Map<String, NDArray> mean(NDManager into) {
        if (count == 0) {
            throw new IllegalStateException("no gradients accumulated since the last reset");
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : sums.entrySet()) {
            NDArray sum = e.getValue();
            NDArray mean;
            if (count == 1) {
                mean = sum;
            } else {
                mean = sum.div((float) count);
                sum.close();
            }
            mean.attach(into);
            out.put(e.getKey(), mean);
        }
        sums.clear();
        count = 0;
        return out;
    }

    /** Forgets the sums, for the next optimizer step. */
    public void reset() {
        for (NDArray sum : sums.values()) {
            sum.close();
        }
        sums.clear();
        count = 0;
    }

    @Override
    public void close() {
        reset();
        manager.close();
    }
}
