package org.actionbench.runner.plan;

/**
 * An amount of work as the planner counts it: the FLOPs {@code FlopCounter} records (2 per multiply-add of
 * every matrix product) and the wall seconds it took or is expected to take on this machine.
 */
public record Cost(double flops, double seconds) {
    public static final Cost ZERO = new Cost(0, 0);

    public Cost plus(Cost other) {
        return new Cost(flops + other.flops, seconds + other.seconds);
    }

    public Cost minus(Cost other) {
        return new Cost(flops - other.flops, seconds - other.seconds);
    }

    public Cost times(double factor) {
        return new Cost(flops * factor, seconds * factor);
    }

    /**
     * This difference of two measurements with each part at least 0: a unit of work too small for the clock
     * (or the FLOP count) to see costs nothing, never a negative amount.
     */
    public Cost atLeastZero() {
        return new Cost(Math.max(0, flops), Math.max(0, seconds));
    }

    /** The achieved GFLOP/s, 0 when no time was measured. */
    public double gflopsPerSecond() {
        return seconds > 0 ? flops / seconds / 1e9 : 0;
    }
}
