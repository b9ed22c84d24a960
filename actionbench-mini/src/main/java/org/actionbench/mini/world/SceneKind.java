package org.actionbench.mini.world;

/**
 * The places of ActionBench-Mini. Each has the phrase captions use ("in a park") and its own sky, ground and
 * props; none is tied to an action, so a scene is context that an action customisation should not learn.
 */
public enum SceneKind {
    PARK("park", "in a park"),
    BEACH("beach", "on a beach"),
    SNOW("snow", "in the snow"),
    CITY("city", "on a city street"),
    DESERT("desert", "in the desert"),
    NIGHT("night", "at night"),
    GARDEN("garden", "in a garden"),
    MOUNTAINS("mountains", "in the mountains");

    private final String id;
    private final String phrase;

    SceneKind(String id, String phrase) {
        this.id = id;
        this.phrase = phrase;
    }

    public String id() {
        return id;
    }

    /** The caption phrase, e.g. "in a park". */
    public String phrase() {
        return phrase;
    }

    public static SceneKind byId(String id) {
        for (SceneKind s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scene id \"" + id + "\"");
    }
}
