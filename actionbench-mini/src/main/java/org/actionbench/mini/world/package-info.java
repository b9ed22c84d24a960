/**
 * ActionBench-Mini: a small procedural world in which the whole action-customisation pipeline runs on a
 * CPU (ARCHITECTURE.md §5). Java2D, headless, deterministic (same seed, same PNG bytes); no fonts, no text drawn.
 *
 * <ul>
 * <li><b>Bodies.</b> 14 OpenPose-ordered keypoints ({@link org.actionbench.mini.world.Joint},
 *     {@link org.actionbench.mini.world.Skeleton}, {@link org.actionbench.mini.world.Keypoints}) in unit-square
 *     image coordinates.</li>
 * <li><b>Actions.</b> Eight {@link org.actionbench.mini.world.PoseFamily pose families}, each with caption
 *     words and a textual description: raises one arm, raises both arms for cheering, performs a handstand,
 *     sits on the ground, kicks one leg high, bows, squats, stretches both arms sideways; seeded natural
 *     variation. {@link org.actionbench.mini.world.PoseDistance} measures how far two poses are apart.</li>
 * <li><b>Characters.</b> {@link org.actionbench.mini.world.Cast}: 23 evaluation subjects as in ActionBench
 *     (10 generic humans, 6 fictional costumed "celebrities", 7 animals) and a separate pool of 12 generic
 *     people who alone appear in exemplars.</li>
 * <li><b>Scenes.</b> Eight {@link org.actionbench.mini.world.SceneKind kinds} (park, beach, snow, city,
 *     desert, night, garden, mountains), each sampled into a {@link org.actionbench.mini.world.Scene}.</li>
 * <li><b>Images.</b> {@link org.actionbench.mini.world.MiniRenderer} → {@link org.actionbench.mini.world.Render}
 *     (image, caption "a photo of {subject} {action words} {scene phrase}", ids, keypoints, OpenPose
 *     {@link org.actionbench.mini.world.SkeletonMap skeleton map}); resolution is a parameter, 64 by
 *     default.</li>
 * <li><b>Data.</b> {@link org.actionbench.mini.world.PretrainingCorpus} (captioned images, action words in
 *     only part of the captions), {@link org.actionbench.mini.world.MiniBench} (the bench directory),
 *     {@link org.actionbench.mini.world.ContactSheet} (the world at a glance).</li>
 * </ul>
 */
package org.actionbench.mini.world;
