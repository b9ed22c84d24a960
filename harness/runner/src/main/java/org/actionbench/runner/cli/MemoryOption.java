package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.plan.MemoryEstimate;

/**
 * {@code --memory-only} and {@code --gpu-memory SIZE} of {@code run SPEC --plan}: the memory estimate without the
 * time probes (so from the model's config files alone), and the card it should fit when the device is cuda.
 */
final class MemoryOption {
    static final String MEMORY_ONLY = "--memory-only";
    static final String GPU_MEMORY = "--gpu-memory";
    static final String HELP = """
            --memory-only  with --plan: the memory estimate alone, from the model's config files (no weights needed,
                    nothing measured): e.g. SD 2.1-base's configs before its download.
            --gpu-memory SIZE  with --plan and a cuda device: says whether each cell's estimated peak fits a card of
                    SIZE (24G, 24GiB, 40960M, 81920MiB; G and M are binary, as nvidia-smi's MiB).""";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(G|GB|GiB|M|MB|MiB)",
            Pattern.CASE_INSENSITIVE);

    private MemoryOption() {
    }

    static ArgumentParser declare(ArgumentParser p) {
        return p.flag(MEMORY_ONLY).option(GPU_MEMORY, "SIZE");
    }

    /** The card's bytes that {@code --gpu-memory} names, or null; refused without --plan or off a GPU device. */
    static Long gpuBytes(ArgumentParser.Parsed a, boolean plan, ComputeDevice device) throws UsageException {
        if (!plan && (a.flag(MEMORY_ONLY) || a.value(GPU_MEMORY) != null)) {
            throw new UsageException((a.flag(MEMORY_ONLY) ? MEMORY_ONLY : GPU_MEMORY) + " needs --plan");
        }
        String value = a.value(GPU_MEMORY);
        if (value == null) {
            return null;
        }
        if (!device.isGpu()) {
            throw new UsageException(GPU_MEMORY + " checks a cuda device, but the device is " + device.name()
                    + " (give --device cuda or set device: cuda in the spec)");
        }
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new UsageException(GPU_MEMORY + ": expected a size such as 24G or 40960M, found '" + value + "'");
        }
        double unit = m.group(2).toUpperCase(Locale.ROOT).startsWith("G") ? 1L << 30 : 1L << 20;
        return (long) (Double.parseDouble(m.group(1)) * unit);
    }

    /** The estimate, and on a GPU device without --gpu-memory the hint how to check a card. */
    static void print(MemoryEstimate memory, Long gpuBytes, ComputeDevice device, PrintStream out) {
        memory.print(out, gpuBytes);
        if (device.isGpu() && gpuBytes == null) {
            out.println("memory: give " + GPU_MEMORY + " SIZE to check that every cell fits the card");
        }
    }
}
