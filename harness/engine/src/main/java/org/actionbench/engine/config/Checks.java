package org.actionbench.engine.config;

import java.util.List;
import java.util.Set;

/** Validation shared by the config records; each failure names the diffusers field. */
final class Checks {
    private Checks() {
    }

    static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be positive, found " + value);
        }
    }

    static void nonNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must not be negative, found " + value);
        }
    }

    static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive number, found " + value);
        }
    }

    static void allPositive(String field, List<Integer> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty list");
        }
        for (Integer v : values) {
            if (v == null || v <= 0) {
                throw new IllegalArgumentException("field '" + field + "' must hold positive integers, found "
                        + values);
            }
        }
    }

    static void length(String field, List<?> values, int expected, String what) {
        if (values == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        if (values.size() != expected) {
            throw new IllegalArgumentException("field '" + field + "' has " + values.size() + " entries but "
                    + what + " has " + expected);
        }
    }

    static void oneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException("field '" + field + "' must be one of "
                    + new java.util.TreeSet<>(allowed) + ", found " + (value == null ? "null" : "\"" + value + "\""));
        }
    }

    static void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty string");
        }
    }

    /** GroupNorm needs every channel count divisible by the number of groups. */
    static void groupsDivide(String field, Integer groups, List<Integer> channels) {
        if (groups == null) {
            return;
        }
        positive(field, groups);
        for (int c : channels) {
            if (c % groups != 0) {
                throw new IllegalArgumentException("field '" + field + "' (" + groups
                        + ") must divide every block_out_channels entry, but " + c + " is not a multiple");
            }
        }
    }

    static <T> List<T> copy(List<T> values) {
        return values == null ? null : List.copyOf(values);
    }
}
