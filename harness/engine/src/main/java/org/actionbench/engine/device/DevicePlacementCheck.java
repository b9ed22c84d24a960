package org.actionbench.engine.device;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The debug check that every tensor lives on the run's device. An array made from Java data in a manager
 * opened without a device lands on DJL's default device, and libtorch silently copies or rejects it only
 * when an operation mixes it in; on a GPU that is either a crash far from its cause or a slow CPU detour.
 * When switched on ({@link #expect}), the end of every training, micro-batch and sampling step (each is a
 * {@code StepScope}) walks every live NDArray of the process — from DJL's system manager down, so arrays
 * in unrelated managers count too — and fails naming the ones on another device. It costs a walk over all
 * arrays per step, hence off by default and meant to be run once ({@code --check-devices}).
 */
public final class DevicePlacementCheck {
    /** How many offending arrays the message lists before summarising the rest. */
    static final int LISTED = 8;
    private static volatile Device expected;

    private DevicePlacementCheck() {
    }

    /** From now on every step must leave all live arrays on {@code device}. */
    public static void expect(Device device) {
        expected = device;
    }

    /** Switches the check off again. */
    public static void off() {
        expected = null;
    }

    /** The device steps are checked against, or null when the check is off. */
    public static Device expected() {
        return expected;
    }

    /**
     * Called by a step before it frees its arrays (while they are still alive): fails when the check is on
     * and any live array is off the expected device.
     */
    public static void atStepEnd(NDManager step) {
        Device device = expected;
        if (device == null) {
            return;
        }
        List<NDArray> off = offDevice(processRoot(step), device);
        if (!off.isEmpty()) {
            StringBuilder b = new StringBuilder("device check: ").append(off.size()).append(" live array")
                    .append(off.size() == 1 ? "" : "s").append(" not on ").append(device)
                    .append(" at the end of a step:");
            for (NDArray a : off.subList(0, Math.min(LISTED, off.size()))) {
                b.append(' ').append(describe(a)).append(';');
            }
            if (off.size() > LISTED) {
                b.append(" and ").append(off.size() - LISTED).append(" more;");
            }
            b.append(" each was created in a manager opened without the model's device");
            throw new IllegalStateException(b.toString());
        }
    }

    /** The arrays under {@code manager} (its sub-managers included) whose device is not {@code device}. */
    public static List<NDArray> offDevice(NDManager manager, Device device) {
        List<NDArray> off = new ArrayList<>();
        for (NDArray a : manager.getManagedArrays()) {
            if (!a.isReleased() && !device.equals(a.getDevice())) {
                off.add(a);
            }
        }
        return off;
    }

    /** The manager every manager of the process descends from (DJL's system manager). */
    public static NDManager processRoot(NDManager manager) {
        NDManager m = manager;
        while (m.getParentManager() != null) {
            m = m.getParentManager();
        }
        return m;
    }

    private static String describe(NDArray a) {
        return (a.getName() == null ? "unnamed" : a.getName()) + " " + a.getDataType() + " " + a.getShape()
                + " on " + a.getDevice() + " in manager " + a.getManager().getName();
    }
}
