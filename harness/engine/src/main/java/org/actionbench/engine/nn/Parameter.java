package org.actionbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One named tensor of a {@link Module}. The shape is known from the config before any memory is
 * allocated, so a model can be inspected and a checkpoint checked key by key without loading it.
 */
public final class Parameter {
    private final String name;
    private final long[] shape;
    private final Init init;
    private NDArray array;
    private DataType dataType = DataType.FLOAT32;

    Parameter(String name, Init init, long... shape) {
        this.name = name;
        this.shape = shape.clone();
        this.init = init;
    }

    /** Local name inside its module, e.g. {@code weight}. */
    public String name() {
        return name;
    }

    public Shape shape() {
        return new Shape(shape);
    }

    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public Init init() {
        return init;
    }

    public boolean isSet() {
        return array != null;
    }

    /** The tensor; fails if the model was built from its config alone and never loaded or initialised. */
    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException("parameter '" + name + "' has no value (model not loaded)");
        }
        return array;
    }

    /** float32, or float16 once its module was converted ({@link Module#toPrecision}). */
    public DataType dataType() {
        return dataType;
    }

    /** Replaces the value. The shape must match exactly and the dtype must be the parameter's ({@link #dataType}). */
    public void set(NDArray value) {
        NDArray previous = swap(value);
        if (previous != null && previous != value) {
            previous.close();
        }
    }

    /**
     * Replaces the value and hands back the previous one unclosed (null if unset), for temporary overrides
     * that must be undone ({@link ParameterOverrides}). Same checks as {@link #set}.
     */
    public NDArray swap(NDArray value) {
        if (!Arrays.equals(value.getShape().getShape(), shape)) {
            throw new IllegalArgumentException("parameter '" + name + "': shape " + value.getShape()
                    + " does not match " + shape());
        }
        if (value.getDataType() != dataType) {
            throw new IllegalArgumentException("parameter '" + name + "': dtype " + value.getDataType()
                    + " is not " + dataType);
        }
        NDArray previous = array;
        array = value;
        return previous;
    }

    /** The value rounded to {@code type} (kept when unset); every later value must be of that type. */
    void convert(DataType type) {
        if (array != null && array.getDataType() != type) {
            NDArray converted = array.toType(type, false);
            array.close();
            array = converted;
        }
        dataType = type;
    }
}
