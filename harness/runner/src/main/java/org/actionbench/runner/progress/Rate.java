package org.actionbench.runner.progress;

/**
 * Seconds per unit of work (a training step, an image), smoothed: an exponential moving average over the
 * measured intervals, so the ETA follows a method that speeds up or slows down without jumping at every step.
 */
final class Rate {
    /** Weight of the newest measurement. */
    private static final double ALPHA = 0.2;

    private double secondsPerUnit = Double.NaN;

    /** {@code units} of work took {@code seconds}. */
    void add(double seconds, long units) {
        if (units <= 0 || seconds < 0) {
            return;
        }
        double s = seconds / units;
        secondsPerUnit = Double.isNaN(secondsPerUnit) ? s : ALPHA * s + (1 - ALPHA) * secondsPerUnit;
    }

    boolean known() {
        return !Double.isNaN(secondsPerUnit);
    }

    double secondsPerUnit() {
        return secondsPerUnit;
    }

    /** Units per second, NaN until measured. */
    double perSecond() {
        return known() && secondsPerUnit > 0 ? 1 / secondsPerUnit : Double.NaN;
    }
}
