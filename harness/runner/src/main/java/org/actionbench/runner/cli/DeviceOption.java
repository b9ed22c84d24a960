package org.actionbench.runner.cli;

import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.runner.spec.SpecDocument;

/** {@code --device cpu|cuda|cuda:N} on the commands that compute: it replaces the run spec's {@code device}. */
final class DeviceOption {
    static final String NAME = "--device";
    static final String HELP = "--device D  cpu, cuda or cuda:N instead of the spec's device (default cpu); a GPU the "
            + "loaded libtorch does not see is refused, never replaced by the CPU (README, section GPU).";

    private DeviceOption() {
    }

    static ArgumentParser declare(ArgumentParser p) {
        return p.option(NAME, "D");
    }

    /** {@code doc} with the device of {@code --device}, when given. */
    static SpecDocument apply(ArgumentParser.Parsed a, SpecDocument doc) throws UsageException {
        String d = a.value(NAME);
        if (d == null) {
            return doc;
        }
        try {
            ComputeDevice device = ComputeDevice.parse(d);
            return new SpecDocument(doc.file(), doc.given(), doc.spec().withCompute(doc.spec().compute()
                    .withDevice(device)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(NAME + ": " + e.getMessage());
        }
    }
}
