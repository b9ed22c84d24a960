package org.actionbench.mini.world;

/** How a body is turned to the camera: facing it, or seen from the side. */
public enum View {
    FRONT, PROFILE
}
