package org.actionbench.engine.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.engine.config.ClipTextConfig;
import org.actionbench.engine.config.ConfigException;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.text.ClipTextModel;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.vae.AutoencoderKL;

/**
 * The model components of a snapshot built from their {@code config.json} files alone: parameter names,
 * shapes and counts are known without reading (or even having) the weights.
 */
public final class ModelInspector {
    private ModelInspector() {
    }

    /** One component, built but not allocated. */
    public record Component(String name, Module module) {
        public long parameterCount() {
            return module.parameterCount();
        }
    }

    /** The text encoder, UNet, VAE and ControlNet the snapshot has folders for, in that order. */
    public static List<Component> inspect(Path snapshot) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        List<Component> out = new ArrayList<>();
        if (layout.has(SnapshotLayout.TEXT_ENCODER)) {
            out.add(new Component(SnapshotLayout.TEXT_ENCODER,
                    new ClipTextModel(ClipTextConfig.read(layout.componentConfig(SnapshotLayout.TEXT_ENCODER)))));
        }
        if (layout.has(SnapshotLayout.UNET)) {
            out.add(new Component(SnapshotLayout.UNET,
                    new UNet2DConditionModel(UNetConfig.read(layout.componentConfig(SnapshotLayout.UNET)))));
        }
        if (layout.has(SnapshotLayout.VAE)) {
            out.add(new Component(SnapshotLayout.VAE,
                    new AutoencoderKL(VaeConfig.read(layout.componentConfig(SnapshotLayout.VAE)))));
        }
        if (layout.has(SnapshotLayout.CONTROLNET)) {
            out.add(new Component(SnapshotLayout.CONTROLNET,
                    new ControlNetModel(ControlNetConfig.read(layout.componentConfig(SnapshotLayout.CONTROLNET)))));
        }
        if (out.isEmpty()) {
            throw new ConfigException("model snapshot " + snapshot + " has none of the folders "
                    + List.of(SnapshotLayout.TEXT_ENCODER, SnapshotLayout.UNET, SnapshotLayout.VAE,
                            SnapshotLayout.CONTROLNET));
        }
        return out;
    }
}
