package org.actionbench.engine.nn;

/**
 * A level of the checkpoint's key hierarchy with no computation of its own ({@code text_model},
 * {@code encoder.layers}, {@code down_blocks.0}), like PyTorch's ModuleDict / ModuleList.
 */
public final class ModuleGroup extends Module {

    public <M extends Module> M add(String name, M module) {
        return child(name, module);
    }
}
