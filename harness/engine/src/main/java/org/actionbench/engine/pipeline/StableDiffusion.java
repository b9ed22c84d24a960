package org.actionbench.engine.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.engine.config.ComponentFiles;
import org.actionbench.engine.config.ControlNetConfig;
import org.actionbench.engine.config.ModelIndex;
import org.actionbench.engine.config.SchedulerConfig;
import org.actionbench.engine.config.SnapshotLayout;
import org.actionbench.engine.config.UNetConfig;
import org.actionbench.engine.config.VaeConfig;
import org.actionbench.engine.controlnet.ControlNetModel;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.schedulers.NoiseSchedule;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.unet.UNet2DConditionModel;
import org.actionbench.engine.vae.AutoencoderKL;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.StateDictLoader;
import org.actionbench.engine.weights.StateDictSaver;

/**
 * A loaded text-to-image model in the diffusers layout: tokenizer and text encoder, UNet, VAE, the
 * noise schedule and, when the snapshot has one, a ControlNet. The same class holds Stable Diffusion
 * 2.1-base and the bundled mini model; its weights live in its own manager, freed by {@link #close()}.
 */
public final class StableDiffusion implements AutoCloseable {
    private final NDManager manager;
    private final PromptEncoder promptEncoder;
    private final UNet2DConditionModel unet;
    private final AutoencoderKL vae;
    private final SchedulerConfig schedulerConfig;
    private final ControlNetModel controlnet;
    /** Where the weights were loaded from (null when built in memory): a half component is restored from it. */
    private Path snapshot;

    /** Takes ownership of {@code manager}, which holds the components' weights. */
    public StableDiffusion(NDManager manager, PromptEncoder promptEncoder, UNet2DConditionModel unet,
            AutoencoderKL vae, SchedulerConfig schedulerConfig, ControlNetModel controlnet) {
        long contextDim = promptEncoder.textModel().config().hiddenSize();
        for (int dim : unet.config().downPath().crossAttentionDim()) {
            if (dim != contextDim) {
                throw new IllegalArgumentException("unet cross_attention_dim " + dim
                        + " does not match the text encoder's hidden_size " + contextDim);
            }
        }
        if (unet.config().downPath().inChannels() != vae.config().latentChannels()) {
            throw new IllegalArgumentException("unet in_channels " + unet.config().downPath().inChannels()
                    + " does not match the vae's latent_channels " + vae.config().latentChannels());
        }
        this.manager = manager;
        this.promptEncoder = promptEncoder;
        this.unet = unet;
        this.vae = vae;
        this.schedulerConfig = schedulerConfig;
        this.controlnet = controlnet;
    }

    /** Loads every component of a snapshot strictly (every key and shape checked); fp16 widens to fp32. */
    public static StableDiffusion load(Path snapshot) throws IOException {
        return load(snapshot, Device.cpu());
    }

    /**
     * As {@link #load(Path)}, with every weight on {@code device}: arrays created from the model's manager and its
     * sub-managers live there too.
     */
    public static StableDiffusion load(Path snapshot, Device device) throws IOException {
        SnapshotLayout layout = SnapshotLayout.of(snapshot);
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            PromptEncoder text = PromptEncoder.load(snapshot, manager);
            ComponentFiles unetFiles = layout.unet();
            UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.read(unetFiles.config()));
            StateDictLoader.load(unet, manager, unetFiles.weights());
            ComponentFiles vaeFiles = layout.vae();
            AutoencoderKL vae = new AutoencoderKL(VaeConfig.read(vaeFiles.config()));
            StateDictLoader.load(vae, manager, vaeFiles.weights());
            ControlNetModel controlnet = null;
            Optional<ComponentFiles> cn = layout.controlnet();
            if (cn.isPresent()) {
                controlnet = new ControlNetModel(ControlNetConfig.read(cn.get().config()));
                StateDictLoader.load(controlnet, manager, cn.get().weights());
            }
            StableDiffusion model = new StableDiffusion(manager, text, unet, vae,
                    SchedulerConfig.read(layout.schedulerConfig()), controlnet);
            model.snapshot = snapshot;
            return model;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Writes the model as a diffusers snapshot ({@code model_index.json}, each component's config and
     * weights, tokenizer files, scheduler config). With {@code DType.F16} the weights are saved as
     * diffusers' fp16 variant ({@code *.fp16.safetensors}), half the size. {@code dir} must not exist or be
     * empty; the snapshot appears whole or not at all.
     */
    public void save(Path dir, DType weights) throws IOException {
        AtomicFiles.<RuntimeException>writeDirectory(dir, tmp -> writeSnapshot(tmp, weights));
    }

    private void writeSnapshot(Path dir, DType weights) throws IOException {
        String variant = weights == DType.F16 ? ".fp16" : "";
        Map<String, ModelIndex.ComponentRef> components = new LinkedHashMap<>();
        components.put(SnapshotLayout.SCHEDULER, new ModelIndex.ComponentRef("diffusers", "DDIMScheduler"));
        components.put(SnapshotLayout.TEXT_ENCODER, new ModelIndex.ComponentRef("transformers", "CLIPTextModel"));
        components.put(SnapshotLayout.TOKENIZER, new ModelIndex.ComponentRef("transformers", "CLIPTokenizer"));
        components.put(SnapshotLayout.UNET, new ModelIndex.ComponentRef("diffusers", UNetConfig.CLASS_NAME));
        components.put(SnapshotLayout.VAE, new ModelIndex.ComponentRef("diffusers", VaeConfig.CLASS_NAME));
        if (controlnet != null) {
            components.put(SnapshotLayout.CONTROLNET,
                    new ModelIndex.ComponentRef("diffusers", ControlNetConfig.CLASS_NAME));
        }
        promptEncoder.tokenizer().writeTo(dir.resolve(SnapshotLayout.TOKENIZER));
        schedulerConfig.withClassName("DDIMScheduler")
                .write(dir.resolve(SnapshotLayout.SCHEDULER).resolve("scheduler_config.json"));
        promptEncoder.textModel().config().write(dir.resolve(SnapshotLayout.TEXT_ENCODER).resolve("config.json"));
        saveWeights(promptEncoder.textModel(), dir.resolve(SnapshotLayout.TEXT_ENCODER), "model" + variant, weights);
        unet.config().write(dir.resolve(SnapshotLayout.UNET).resolve("config.json"));
        saveWeights(unet, dir.resolve(SnapshotLayout.UNET), "diffusion_pytorch_model" + variant, weights);
        vae.config().write(dir.resolve(SnapshotLayout.VAE).resolve("config.json"));
        saveWeights(vae, dir.resolve(SnapshotLayout.VAE), "diffusion_pytorch_model" + variant, weights);
        if (controlnet != null) {
            controlnet.config().write(dir.resolve(SnapshotLayout.CONTROLNET).resolve("config.json"));
            saveWeights(controlnet, dir.resolve(SnapshotLayout.CONTROLNET), "diffusion_pytorch_model" + variant,
                    weights);
        }
        new ModelIndex("StableDiffusionPipeline", null, components, Map.of()).write(dir.resolve("model_index.json"));
    }

    private static void saveWeights(Module module, Path dir, String base, DType dtype) throws IOException {
        StateDictSaver.save(module, dir.resolve(base + ".safetensors"), dtype, StateDictSaver.DEFAULT_METADATA);
    }

    public NDManager manager() {
        return manager;
    }

    public PromptEncoder promptEncoder() {
        return promptEncoder;
    }

    public UNet2DConditionModel unet() {
        return unet;
    }

    public AutoencoderKL vae() {
        return vae;
    }

    public SchedulerConfig schedulerConfig() {
        return schedulerConfig;
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.fromConfig(schedulerConfig);
    }

    public Optional<ControlNetModel> controlnet() {
        return Optional.ofNullable(controlnet);
    }

    /** Pixels per latent cell: 2^(VAE blocks − 1), 8 for SD. */
    public int vaeScaleFactor() {
        return 1 << (vae.config().blockOutChannels().size() - 1);
    }

    /** The resolution the UNet was trained at: sample_size × the VAE scale (512 for SD 2.1-base). */
    public int defaultResolution() {
        Integer sampleSize = unet.config().sampleSize();
        return (sampleSize == null ? 64 : sampleSize) * vaeScaleFactor();
    }

    /** The network of {@code component}, empty only for a ControlNet the snapshot does not have. */
    public Optional<Module> component(ModelComponent component) {
        return Optional.ofNullable(switch (component) {
            case TEXT_ENCODER -> promptEncoder.textModel();
            case UNET -> unet;
            case VAE -> vae;
            case CONTROLNET -> controlnet;
        });
    }

    /** The dtype each present component computes in, in {@link ModelComponent} order. */
    public Map<ModelComponent, DataType> precisions() {
        Map<ModelComponent, DataType> out = new EnumMap<>(ModelComponent.class);
        for (ModelComponent c : ModelComponent.values()) {
            component(c).ifPresent(m -> out.put(c, m.dataType()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@link ModelComponent#halfExcept} for this model's components. */
    public Map<ModelComponent, DataType> halfExcept(Set<ModelComponent> trained) {
        return ModelComponent.halfExcept(precisions().keySet(), trained);
    }

    /** Every present component in float32. */
    public Map<ModelComponent, DataType> fullPrecision() {
        return halfExcept(Set.of(ModelComponent.values()));
    }

    /**
     * Puts each component of {@code precisions} in its dtype; a component already in it is not touched (a float32
     * model asked for float32 stays exactly as loaded). Going back from float16 to float32 reloads the component's
     * weights from the snapshot, so a float32 component is always bit-identical to the file, whichever cells ran
     * before in this process.
     *
     * @throws IllegalStateException going back to float32 for a model not loaded from a snapshot
     */
    public void usePrecisions(Map<ModelComponent, DataType> precisions) throws IOException {
        for (Map.Entry<ModelComponent, DataType> e : precisions.entrySet()) {
            Module m = component(e.getKey()).orElseThrow(() -> new IllegalArgumentException("the model has no "
                    + e.getKey().id()));
            DataType type = e.getValue();
            if (m.dataType() == type) {
                continue;
            }
            if (type == DataType.FLOAT32) {
                if (snapshot == null) {
                    throw new IllegalStateException(e.getKey().id() + " is in " + m.dataType() + " and the model was "
                            + "not loaded from a snapshot: its float32 weights cannot be restored");
                }
                // Widening first lets the loader's dtype check pass; every value is then overwritten from the file.
                m.toPrecision(DataType.FLOAT32);
                StateDictLoader.load(m, manager, SnapshotLayout.of(snapshot).component(e.getKey().id()).weights());
            } else {
                m.toPrecision(type);
            }
        }
    }

    /** Every weight array of the frozen networks, to attach to a step's scope. */
    public List<NDArray> arrays() {
        List<NDArray> out = new ArrayList<>(promptEncoder.textModel().arrays());
        out.addAll(unet.arrays());
        out.addAll(vae.arrays());
        if (controlnet != null) {
            out.addAll(controlnet.arrays());
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
