/**
 * Diffusion schedules and schedulers, numerically matched to diffusers.
 *
 * <p>{@link org.actionbench.engine.schedulers.NoiseSchedule} holds the numbers of a diffusers
 * {@code scheduler_config.json} that the math needs; {@link org.actionbench.engine.schedulers.ForwardDiffusion}
 * is the training side (noising, targets, timestep sampling); a
 * {@link org.actionbench.engine.schedulers.Scheduler} such as
 * {@link org.actionbench.engine.schedulers.DdimScheduler} is the sampling side, a small object with
 * {@code setTimesteps} and {@code step}. A sampler loop is a plain function of model, latents and timesteps and
 * lives with its caller.
 *
 * <p>Every array result is float32 and attached to the manager of the operand named in its method's
 * documentation (the sample, or x0); intermediates are freed before the method returns, so a 50-step loop leaves
 * one array per step behind, the one it asked for.
 */
package org.actionbench.engine.schedulers;
