package org.actionbench.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a run computes: {@code cpu}, {@code cuda} (the first GPU) or {@code cuda:N}, as run specs and
 * {@code --device} write it. {@link #resolve()} refuses a GPU the loaded libtorch cannot see, because DJL would
 * otherwise fall back to the CPU without a word (it reports zero GPUs when JNA finds no libcudart).
 */
public record ComputeDevice(String name, int gpu) {
    public static final ComputeDevice CPU = new ComputeDevice("cpu", -1);
    private static final Pattern SPELLING = Pattern.compile("cpu|cuda(?::(\\d+))?");

    /** Parses {@code cpu | cuda | cuda:N}; the message names what was given and what is accepted. */
    public static ComputeDevice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SPELLING.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a device: expected cpu, cuda or cuda:N");
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        return new ComputeDevice("cuda:" + index, index);
    }

    public boolean isGpu() {
        return gpu >= 0;
    }

    /**
     * The DJL device, after checking that the loaded native library sees this GPU; the message says which
     * library was loaded and how to choose a CUDA one.
     */
    public Device resolve() {
        if (!isGpu()) {
            return Device.cpu();
        }
        int visible = Engine.getEngine("PyTorch").getGpuCount();
        if (gpu >= visible) {
            NativeLibrary lib = NativeLibrary.loaded();
            throw new IllegalStateException("device " + name + " asked for, but the loaded libtorch (" + lib.version()
                    + " " + lib.flavor() + ", " + lib.directory() + ") sees " + visible + " GPU"
                    + (visible == 1 ? "" : "s") + "; refusing to run on the CPU instead. "
                    + (lib.flavor().startsWith("cu") ? "Check the driver (nvidia-smi) and CUDA_VISIBLE_DEVICES."
                            : "Choose a CUDA libtorch: ACTIONBENCH_NATIVE=cuda or ACTIONBENCH_LIBTORCH=DIR "
                                    + "(README, section GPU)."));
        }
        return Device.gpu(gpu);
    }

    @Override
    public String toString() {
        return name;
    }
}
