package org.actionbench.engine.method;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A method's settings are one record (its defaults, each with its source in a comment): the record's
 * components are the setting keys, in order. This turns a run spec's overrides into a new record, once, with
 * one rule for every method: an unknown key, a value of the wrong type, or a value the record's constructor
 * rejects is an {@link IllegalArgumentException} naming the key. {@link #toMap} is the way back, for what is
 * written down (run.json, checkpoint fingerprints).
 */
public final class SettingsRecords {
    private SettingsRecords() {
    }

    /** {@code defaults} with {@code overrides} applied. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R apply(R defaults, Map<String, Object> overrides) {
        Class<R> type = (Class<R>) defaults.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(c.getName(), c);
        }
        for (String key : overrides.keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (known: "
                        + String.join(", ", byName.keySet()) + ")");
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            values[i] = overrides.containsKey(c.getName())
                    ? convert(c.getName(), c.getType(), overrides.get(c.getName()))
                    : read(c, defaults);
        }
        return construct(type, components, values);
    }

    /** The record's components as key → value, in declaration order. */
    public static Map<String, Object> toMap(Record settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            Object v = read(c, settings);
            out.put(c.getName(), v instanceof Enum<?> e ? SettingChecks.lowerId(e) : v);
        }
        return out;
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read setting '" + c.getName() + "'", e);
        }
    }

    private static <R extends Record> R construct(Class<R> type, RecordComponent[] components, Object[] values) {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** A value from JSON / YAML / the command line as the component's type, or an error naming the key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object convert(String key, Class<?> type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("setting '" + key + "' must not be null");
        }
        try {
            if (type == int.class) {
                long l = integral(key, value);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("setting '" + key + "' is out of range: " + value);
                }
                return (int) l;
            }
            if (type == long.class) {
                return integral(key, value);
            }
            if (type == double.class) {
                double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("setting '" + key + "' must be a finite number, got " + value);
                }
                return d;
            }
            if (type == boolean.class) {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = value.toString().trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException("setting '" + key + "' must be true or false, got " + value);
            }
            if (type == String.class) {
                if (value instanceof String s) {
                    return s;
                }
                throw new IllegalArgumentException("setting '" + key + "' must be a string, got " + value);
            }
            if (type.isEnum()) {
                if (type.isInstance(value)) {
                    return value;
                }
                return SettingChecks.enumById(key, (Class) type, value.toString());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number, got '" + value + "'");
        }
        throw new IllegalStateException("setting '" + key + "' has unsupported type " + type);
    }

    private static long integral(String key, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got " + value);
        }
        return (long) d;
    }
}
