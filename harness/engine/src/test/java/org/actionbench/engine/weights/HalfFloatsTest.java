package org.actionbench.engine.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    /** binary16 patterns and their values, worked out by hand from sign · 2^(e−15) · 1.m (or 2^−24 · m). */
    private static final Object[][] F16_TABLE = {
        {0x0000, 0.0f},
        {0x8000, -0.0f},
        {0x0001, 0x1p-24f}, // smallest subnormal
        {0x0002, 0x1p-23f},
        {0x03FF, 1023 * 0x1p-24f}, // largest subnormal
        {0x8001, -0x1p-24f},
        {0x0400, 0x1p-14f}, // smallest normal
        {0x3C00, 1.0f},
        {0x3C01, 1.0f + 0x1p-10f},
        {0xC000, -2.0f},
        {0x3555, 0.333251953125f}, // 1/3 rounded: 2^-2 · (1 + 341/1024)
        {0x2E66, 0.0999755859375f}, // 0.1 rounded: 2^-4 · (1 + 614/1024)
        {0x7BFF, 65504.0f}, // largest finite
        {0xFBFF, -65504.0f},
        {0x7C00, Float.POSITIVE_INFINITY},
        {0xFC00, Float.NEGATIVE_INFINITY},
    };

    @Test
    void f16ToF32MatchesHandComputedValues() {
        for (Object[] row : F16_TABLE) {
            short bits = (short) (int) (Integer) row[0];
            float expected = (Float) row[1];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(HalfFloats.f16ToF32(bits)),
                    () -> "0x" + Integer.toHexString((Integer) row[0]));
        }
        assertTrue(Float.isNaN(HalfFloats.f16ToF32((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.f16ToF32((short) 0x7C01)));
        assertTrue(Float.isNaN(HalfFloats.f16ToF32((short) 0xFE00)));
    }

    @Test
    void f32ToF16EncodesExactValuesByHand() {
        for (Object[] row : F16_TABLE) {
            int expected = (Integer) row[0];
            assertEquals(expected, HalfFloats.f32ToF16((Float) row[1]) & 0xFFFF, () -> "value " + row[1]);
        }
        assertEquals(0x7E00, HalfFloats.f32ToF16(Float.NaN) & 0xFFFF);
        // A NaN whose payload lies only in the low 13 bits must not become infinity.
        short lowPayloadNaN = HalfFloats.f32ToF16(Float.intBitsToFloat(0x7F800001));
        assertTrue(Float.isNaN(HalfFloats.f16ToF32(lowPayloadNaN)));
    }

    @Test
    void f32ToF16RoundsToNearestEven() {
        // Spacing of halves in [1, 2) is 2^-10; the midpoint 1 + 2^-11 ties to the even neighbour 1.0.
        assertEquals(0x3C00, HalfFloats.f32ToF16(1.0f + 0x1p-11f) & 0xFFFF);
        // 1 + 3·2^-11 lies midway between 1 + 2^-10 (odd, 0x3C01) and 1 + 2^-9 (even, 0x3C02).
        assertEquals(0x3C02, HalfFloats.f32ToF16(1.0f + 3 * 0x1p-11f) & 0xFFFF);
        // Just above a midpoint rounds up, just below rounds down.
        assertEquals(0x3C01, HalfFloats.f32ToF16(1.0f + 0x1p-11f + 0x1p-23f) & 0xFFFF);
        assertEquals(0x3C00, HalfFloats.f32ToF16(1.0f + 0x1p-11f - 0x1p-23f) & 0xFFFF);
        // Rounding up carries into the exponent: (2 − 2^-11) → 2.0.
        assertEquals(0x4000, HalfFloats.f32ToF16(2.0f - 0x1p-11f) & 0xFFFF);
        // Overflow: 65519 rounds down to 65504; 65520 (the midpoint to 2^16) ties away to infinity.
        assertEquals(0x7BFF, HalfFloats.f32ToF16(65519f) & 0xFFFF);
        assertEquals(0x7C00, HalfFloats.f32ToF16(65520f) & 0xFFFF);
        assertEquals(0xFC00, HalfFloats.f32ToF16(-1e9f) & 0xFFFF);
        // Subnormals: 2^-25 is the midpoint between 0 and 2^-24 and ties to 0; 1.5·2^-25 rounds to 2^-24.
        assertEquals(0x0000, HalfFloats.f32ToF16(0x1p-25f) & 0xFFFF);
        assertEquals(0x0001, HalfFloats.f32ToF16(1.5f * 0x1p-25f) & 0xFFFF);
        assertEquals(0x8000, HalfFloats.f32ToF16(-0x1p-26f) & 0xFFFF);
        // 3·2^-25 is midway between 2^-24 (odd, 0x0001) and 2^-23 (even, 0x0002).
        assertEquals(0x0002, HalfFloats.f32ToF16(3 * 0x1p-25f) & 0xFFFF);
        // The largest subnormal plus half a step rounds up into the smallest normal 0x0400.
        assertEquals(0x0400, HalfFloats.f32ToF16(1023.5f * 0x1p-24f) & 0xFFFF);
        assertEquals(0x0000, HalfFloats.f32ToF16(Float.MIN_VALUE) & 0xFFFF);
    }

    @Test
    void bf16ConversionsByHand() {
        assertEquals(1.0f, HalfFloats.bf16ToF32((short) 0x3F80));
        assertEquals(-2.0f, HalfFloats.bf16ToF32((short) 0xC000));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16ToF32((short) 0x7F80));
        assertEquals(0x3F80, HalfFloats.f32ToBf16(1.0f) & 0xFFFF);
        // Ties to even on the 16 dropped bits: 0x3F80_8000 → 0x3F80, 0x3F81_8000 → 0x3F82.
        assertEquals(0x3F80, HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3F808000)) & 0xFFFF);
        assertEquals(0x3F82, HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3F818000)) & 0xFFFF);
        assertEquals(0x3F81, HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3F808001)) & 0xFFFF);
        assertEquals(0x3F80, HalfFloats.f32ToBf16(Float.intBitsToFloat(0x3F807FFF)) & 0xFFFF);
        assertEquals(0x7F80, HalfFloats.f32ToBf16(Float.MAX_VALUE) & 0xFFFF);
        assertEquals(0x7FC0, HalfFloats.f32ToBf16(Float.NaN) & 0xFFFF);
        assertTrue(Float.isNaN(HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(Float.intBitsToFloat(0x7F800001)))));
    }

    /** PyTorch's own half cast is an independent implementation: every one of the 65536 patterns must agree. */
    @Test
    void f16ToF32AgreesWithPyTorchOnEveryPattern() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536 * 2).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 65536; i++) {
                buf.putShort(i * 2, (short) i);
            }
            NDArray half = m.create(buf, new Shape(65536), DataType.FLOAT16);
            float[] torch = half.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < 65536; i++) {
                float ours = HalfFloats.f16ToF32((short) i);
                if (Float.isNaN(torch[i])) {
                    assertTrue(Float.isNaN(ours), "0x" + Integer.toHexString(i));
                } else {
                    assertEquals(Float.floatToRawIntBits(torch[i]), Float.floatToRawIntBits(ours),
                            "0x" + Integer.toHexString(i));
                }
            }
        }
    }

    @Test
    void f32ToF16AgreesWithPyTorchOnRandomFloats() {
        int n = 200_000;
        float[] values = new float[n];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            // Exponents concentrated around the half range (2^-30 .. 2^17) so subnormals, ties and overflow occur.
            int exp = 97 + random.nextInt(48);
            int bits = (random.nextInt(2) << 31) | (exp << 23) | random.nextInt(1 << 23);
            if (i % 8 == 0) {
                bits &= ~0xFFF; // many exact ties
            }
            values[i] = Float.intBitsToFloat(bits);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ByteBuffer torch = m.create(values).toType(DataType.FLOAT16, false).toByteBuffer()
                    .order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                int expected = torch.getShort(i * 2) & 0xFFFF;
                int ours = HalfFloats.f32ToF16(values[i]) & 0xFFFF;
                int index = i;
                assertEquals(expected, ours, () -> "value " + values[index] + " bits 0x"
                        + Integer.toHexString(Float.floatToRawIntBits(values[index])));
            }
        }
    }
}
