package org.actionbench.engine.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The checks settings records run in their constructors; each failure names the setting. */
public final class SettingChecks {
    private SettingChecks() {
    }

    public static void positive(String key, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("setting '" + key + "' must be positive, got " + value);
        }
    }

    public static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("setting '" + key + "' must be at least " + min + ", got " + value);
        }
    }

    public static void nonNegative(String key, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("setting '" + key + "' must not be negative, got " + value);
        }
    }

    /** lo ≤ value ≤ hi. */
    public static void within(String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException("setting '" + key + "' must be in [" + lo + ", " + hi + "], got "
                    + value);
        }
    }

    /** A placeholder or identifier written into prompts: one word, no whitespace. */
    public static void word(String key, String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("setting '" + key + "' must be one word without spaces, got '"
                    + value + "'");
        }
    }

    public static void nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be blank");
        }
    }

    /** Enum constants are written in settings as lower-case ids with hyphens: GRADIENT_INVARIANCE → gradient-invariance. */
    public static String lowerId(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> E enumById(String key, Class<E> type, String id) {
        List<String> ids = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (lowerId(e).equals(id.trim())) {
                return e;
            }
            ids.add(lowerId(e));
        }
        throw new IllegalArgumentException("setting '" + key + "' must be one of " + String.join(", ", ids)
                + ", got '" + id + "'");
    }
}
