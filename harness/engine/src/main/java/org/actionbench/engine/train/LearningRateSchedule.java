package org.actionbench.engine.train;

/**
 * The learning rate of each optimizer step, as a function of the step index (0-based) and the run's
 * length: a fixed rate (every method, as the diffusers scripts' default {@code constant} scheduler), a
 * linear warm-up to it (the mini UNet), or a cosine decay to a floor (the oracle judge). A schedule depends
 * on nothing but (step, steps), so a resumed run continues on the same curve.
 */
public sealed interface LearningRateSchedule {

    /** The rate for step {@code step} of {@code steps} with the base rate {@code base}. */
    double at(long step, long steps, double base);

    /** Whether every step uses the base rate (the loop then leaves the optimizer's rate alone). */
    default boolean isConstant() {
        return false;
    }

    static LearningRateSchedule constant() {
        return Constant.INSTANCE;
    }

    /** base · (step + 1) / steps for the first {@code steps} steps, then base (diffusers' constant_with_warmup). */
    static LearningRateSchedule warmup(int steps) {
        return steps > 0 ? new Warmup(steps) : constant();
    }

    /** base · (floor + (1 − floor) · ½ (1 + cos(π · step / steps))): from base down towards floor · base. */
    static LearningRateSchedule cosine(double floor) {
        return new Cosine(floor);
    }

    enum Constant implements LearningRateSchedule {
        INSTANCE;

        @Override
        public double at(long step, long steps, double base) {
            return base;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    record Warmup(int warmupSteps) implements LearningRateSchedule {
        @Override
        public double at(long step, long steps, double base) {
            return step < warmupSteps ? base * (step + 1) / warmupSteps : base;
        }
    }

    record Cosine(double floor) implements LearningRateSchedule {
        public Cosine {
            if (!(floor >= 0 && floor <= 1)) {
                throw new IllegalArgumentException("cosine floor must lie in [0, 1], got " + floor);
            }
        }

        @Override
        public double at(long step, long steps, double base) {
            double share = (double) step / steps;
            return base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * share)));
        }
    }
}
