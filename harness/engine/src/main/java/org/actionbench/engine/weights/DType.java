package org.actionbench.engine.weights;

/**
 * The safetensors element types this project reads and writes. Weights are F32, F16 or BF16; I64 appears
 * as buffers such as CLIP's {@code position_ids}. Other safetensors types are rejected by name so a file
 * that needs them fails with a clear message instead of being misread.
 */
public enum DType {
    F32(4, 11),
    F16(2, 7),
    BF16(2, 8),
    I64(8, 13);

    private final int byteSize;
    /**
     * Position in the reference implementation's dtype enum (BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16,
     * F16, BF16, I32, U32, F32, F64, I64, U64), which it orders by alignment. Its writer lays tensors
     * out by descending position, then by name, so every tensor starts aligned; ours does the same.
     */
    private final int referenceRank;

    DType(int byteSize, int referenceRank) {
        this.byteSize = byteSize;
        this.referenceRank = referenceRank;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this != I64;
    }

    int referenceRank() {
        return referenceRank;
    }

    /** The type named as in a safetensors header ({@code "F32"}, {@code "F16"}, {@code "BF16"}, {@code "I64"}). */
    public static DType parse(String safetensorsName) {
        if (safetensorsName != null) {
            for (DType d : values()) {
                if (d.name().equals(safetensorsName)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype "
                + (safetensorsName == null ? "null" : "'" + safetensorsName + "'")
                + " (supported: F32, F16, BF16, I64)");
    }
}
