package org.actionbench.engine.method;

/**
 * What a bench offers a method beyond exemplars, templates and descriptions, as far as a method's
 * settings may depend on it ({@link Method#resolveFor}).
 *
 * @param actionDifferentImages whether every exemplar of the bench has its action-different images (the same
 *     individual doing each other action; ARCHITECTURE.md §2, "Optional files beside an exemplar")
 */
public record BenchMaterial(boolean actionDifferentImages) {
    /** A bench of exemplars only. */
    public static final BenchMaterial EXEMPLARS_ONLY = new BenchMaterial(false);
}
