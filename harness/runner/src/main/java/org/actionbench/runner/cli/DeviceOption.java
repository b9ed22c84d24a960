package org.actionbench.runner.cli;

import ai.djl.Device;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.device.DevicePlacementCheck;
import org.actionbench.runner.spec.SpecDocument;

/**
 * {@code --device cpu|cuda|cuda:N} on the commands that compute: it replaces the run spec's {@code device};
 * and {@code --check-devices}, the debug check that every step leaves all arrays on that device.
 */
final class DeviceOption {
    static final String NAME = "--device";
    static final String HELP = "--device D  cpu, cuda or cuda:N instead of the spec's device (default cpu); a GPU the "
            + "loaded libtorch does not see is refused, never replaced by the CPU (README, section GPU).";

    static final String CHECK = "--check-devices";
    static final String CHECK_HELP = "--check-devices  debug: after every training and sampling step, fail naming any "
            + "array that is not on the run's device (slow; run once on a new GPU setup).";

    private DeviceOption() {
    }

    static ArgumentParser declare(ArgumentParser p) {
        return p.option(NAME, "D");
    }

    static ArgumentParser declareCheck(ArgumentParser p) {
        return p.flag(CHECK);
    }

    /** Switches the device check on for {@code device} (already resolved) when {@code --check-devices} is given. */
    static void applyCheck(ArgumentParser.Parsed a, Device device) {
        if (a.flag(CHECK)) {
            DevicePlacementCheck.expect(device);
        }
    }

    /** The device of {@code --device}, or {@code otherwise} when not given. */
    static ComputeDevice apply(ArgumentParser.Parsed a, ComputeDevice otherwise) throws UsageException {
        String d = a.value(NAME);
        if (d == null) {
            return otherwise;
        }
        try {
            return ComputeDevice.parse(d);
        } catch (IllegalArgumentException e) {
            throw new UsageException(NAME + ": " + e.getMessage());
        }
    }

    /** {@code doc} with the device of {@code --device}, when given. */
    static SpecDocument apply(ArgumentParser.Parsed a, SpecDocument doc) throws UsageException {
        if (a.value(NAME) == null) {
            return doc;
        }
        ComputeDevice device = apply(a, doc.spec().compute().device());
        try {
            return new SpecDocument(doc.file(), doc.given(), doc.spec().withCompute(doc.spec().compute()
                    .withDevice(device)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(NAME + ": " + e.getMessage());
        }
    }
}
