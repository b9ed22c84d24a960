package org.actionbench.runner.plan;

import java.io.IOException;
import java.nio.file.Path;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;

/**
 * What planning needs to know of a model snapshot, read from its config files alone: a spec is checked in
 * a moment without loading gigabytes of weights (and without starting the native engine). The arithmetic is
 * {@code StableDiffusion}'s (sample_size × the VAE's downsampling), which the sampler then enforces.
 *
 * @param resolution the model's own image size (512 for SD 2.1-base)
 * @param latentScale pixels per latent cell; sampled sizes must be multiples of it
 */
public record ModelFacts(int resolution, int latentScale) {
    /** diffusers' UNet2DConditionModel default when config.json has no sample_size. */
    private static final int DEFAULT_SAMPLE_SIZE = 64;

    /** Reads the snapshot's configs and checks every component's files are there. */
    public static ModelFacts read(Path snapshot) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        layout.readModelIndex();
        layout.textEncoder();
        layout.tokenizerVocab();
        layout.tokenizerMerges();
        layout.schedulerConfig();
        layout.unet();
        layout.vae();
        return readConfigs(snapshot);
    }

    /**
     * Reads the UNet's and VAE's configs alone: enough to plan the grid and its memory (not to run it) for a
     * snapshot whose weights are not there, e.g. SD 2.1-base's config files before its download.
     */
    public static ModelFacts readConfigs(Path snapshot) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        UNetConfig unet = UNetConfig.read(layout.componentConfig(SnapshotLayout.UNET));
        VaeConfig vae = VaeConfig.read(layout.componentConfig(SnapshotLayout.VAE));
        int scale = vae.downsampleFactor();
        int sampleSize = unet.sampleSize() == null ? DEFAULT_SAMPLE_SIZE : unet.sampleSize();
        return new ModelFacts(sampleSize * scale, scale);
    }
}
