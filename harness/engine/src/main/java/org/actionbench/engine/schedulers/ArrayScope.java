package org.actionbench.engine.schedulers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a short array computation so that only its result survives. DJL puts an op's result in the manager of its
 * first operand, so without this every intermediate of every sampler step would stay in the caller's long-lived
 * manager until it closes. The inputs are lent to a throwaway sub-manager for the duration (DJL's tempAttach), so
 * everything computed from them lands there and is freed on return; the result moves to the home manager.
 */
final class ArrayScope {
    private ArrayScope() {
    }

    /**
     * @param home the array whose manager and device receive the result
     * @param inputs every array the body reads (home included); duplicates are allowed
     * @param body computes the result; anything else it creates is freed
     */
    static NDArray compute(NDArray home, NDArray[] inputs, Function<NDManager, NDArray> body) {
        NDManager homeManager = home.getManager();
        try (NDManager scope = homeManager.newSubManager(home.getDevice())) {
            // Lending an array twice would record the scope itself as its owner and lose it on close.
            Set<NDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());
            for (NDArray input : inputs) {
                if (lent.add(input)) {
                    input.tempAttach(scope);
                }
            }
            NDArray result = body.apply(scope);
            if (lent.contains(result)) {
                result = result.duplicate();
            }
            result.attach(homeManager);
            return result;
        }
    }
}
