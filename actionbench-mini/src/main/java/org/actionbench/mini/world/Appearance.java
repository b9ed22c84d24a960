package org.actionbench.mini.world;

/** How a character looks: a person (generic or in costume) or an animal. */
public sealed interface Appearance permits HumanLook, Species {
    /** Standing height relative to an adult (children are smaller). */
    double stature();
}
