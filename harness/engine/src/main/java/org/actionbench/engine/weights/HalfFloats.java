package org.actionbench.engine.weights;

/**
 * Bit-exact conversions between float32 and the two 16-bit float formats of checkpoints. Java 17 has no
 * {@code Float.float16ToFloat}, and DJL must never see a BF16 tensor (it aborts the JVM), so weights are
 * widened here before they reach an NDArray.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16 → float32. Exact: every half value is a float. NaN payloads are kept. */
    public static float f16ToF32(short half) {
        int h = half & 0xFFFF;
        int sign = h >>> 15;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            // Zero or subnormal: mant · 2^-24, exactly representable in float32.
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat((sign << 31) | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat((sign << 31) | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /**
     * float32 → IEEE 754 binary16 with round-to-nearest-even, as a cast in PyTorch does: values at or past
     * 65520 become infinity, values below half the smallest subnormal become signed zero, NaN stays NaN.
     */
    public static short f32ToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            if (mant == 0) {
                return (short) (sign | 0x7C00);
            }
            // Keep the top payload bits and force the quiet bit so the result cannot collapse to infinity.
            return (short) (sign | 0x7C00 | 0x200 | (mant >>> 13));
        }
        int e = exp - 127;
        if (e < -25 || exp == 0) {
            // Below 2^-25 (half of the smallest subnormal) everything rounds to zero; float subnormals too.
            return (short) sign;
        }
        if (e < -14) {
            // Half subnormal: m = significand · 2^(e+1) with the implicit bit made explicit.
            int significand = mant | 0x800000;
            int shift = -e - 1;
            int m = significand >>> shift;
            int rest = significand & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (m & 1) == 1)) {
                m++; // may carry into the smallest normal (0x0400), which is the right encoding
            }
            return (short) (sign | m);
        }
        int halfExp = e + 15;
        int m = mant >>> 13;
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (m & 1) == 1)) {
            m++;
            if (m == 0x400) {
                m = 0;
                halfExp++;
            }
        }
        if (halfExp >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        return (short) (sign | (halfExp << 10) | m);
    }

    /** bfloat16 → float32: bfloat16 is the upper half of a float32. */
    public static float bf16ToF32(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** float32 → bfloat16 with round-to-nearest-even; NaN stays a quiet NaN. */
    public static short f32ToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }
}
