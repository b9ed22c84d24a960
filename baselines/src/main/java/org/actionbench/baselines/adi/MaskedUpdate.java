package org.actionbench.baselines.adi;

/**
 * How ADI's final mask m reaches the optimiser. The paper (§4.2, Eq. 10) says "the masked gradient g̃ … is
 * the only gradient used to update v", reached "by overwriting the mask to the gradient of the anchor
 * sample": in code, {@code v.grad *= mask} before {@code optimizer.step()}.
 */
public enum MaskedUpdate {
    /**
     * g̃ = m ⊙ g handed to the ordinary AdamW step (the paper's wording, the default). A masked channel sees
     * a zero gradient, so, exactly as with {@code torch.optim.AdamW}, it still moves through the momentum of
     * earlier steps and through weight decay, and its moments decay.
     */
    GRADIENT,
    /**
     * Masked channels skip the step altogether: value and both moments stay bit-exactly as they were. An
     * ablation (the harness's behaviour before the setting existed).
     */
    FREEZE
}
