package org.actionbench.engine.weights;

/**
 * Implemented by a model component whose published checkpoints carry older key names or extra buffers
 * (the VAE, the CLIP text encoder), so {@link StateDictLoader} applies its {@link KeyMapping} without the
 * caller having to know that history.
 */
public interface KeyMappingProvider {
    KeyMapping keyMapping();
}
