package org.actionbench.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The bytes of one tensor for {@link SafetensorsWriter}, produced only when the writer reaches that tensor,
 * so a large checkpoint is never held twice in memory. Payloads write little-endian bytes at a given file
 * position; {@link #zeros(long)} writes nothing and leaves a hole that the file system reads as zeros.
 */
public interface TensorPayload {
    /** Exactly the number of bytes {@link #writeTo} covers. */
    long byteLength();

    /** Writes the payload's {@link #byteLength()} bytes starting at absolute file position {@code position}. */
    void writeTo(FileChannel channel, long position) throws IOException;

    /** Raw little-endian bytes, already in the tensor's dtype. */
    static TensorPayload bytes(byte[] littleEndian) {
        byte[] data = littleEndian.clone();
        return new TensorPayload() {
            @Override
            public long byteLength() {
                return data.length;
            }

            @Override
            public void writeTo(FileChannel channel, long position) throws IOException {
                writeFully(channel, ByteBuffer.wrap(data), position);
            }
        };
    }

    /** {@code byteLength} zero bytes, written as a hole: lets tests build multi-GiB files without writing them. */
    static TensorPayload zeros(long byteLength) {
        if (byteLength < 0) {
            throw new IllegalArgumentException("negative length " + byteLength);
        }
        return new TensorPayload() {
            @Override
            public long byteLength() {
                return byteLength;
            }

            @Override
            public void writeTo(FileChannel channel, long position) {
                // Nothing: the writer sets the final file length, so an unwritten region reads as zeros.
            }
        };
    }

    /** Float values stored as {@code dtype} (F32, F16 with round-to-nearest-even, or BF16 likewise). */
    static TensorPayload floats(float[] values, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("floats cannot be stored as " + dtype);
        }
        float[] data = values.clone();
        return new TensorPayload() {
            @Override
            public long byteLength() {
                return (long) data.length * dtype.byteSize();
            }

            @Override
            public void writeTo(FileChannel channel, long position) throws IOException {
                writeFloats(channel, position, data, dtype);
            }
        };
    }

    /** int64 values stored as I64. */
    static TensorPayload longs(long[] values) {
        long[] data = values.clone();
        return new TensorPayload() {
            @Override
            public long byteLength() {
                return (long) data.length * 8;
            }

            @Override
            public void writeTo(FileChannel channel, long position) throws IOException {
                writeLongs(channel, position, data);
            }
        };
    }

    /**
     * The values of {@code array}, read from it only when written: float32 or float16 arrays as a float
     * {@code dtype}, int64 arrays as I64.
     */
    static TensorPayload of(NDArray array, DType dtype) {
        DataType type = array.getDataType();
        boolean floatSource = type == DataType.FLOAT32 || type == DataType.FLOAT16;
        if (dtype == DType.I64 ? type != DataType.INT64 : !floatSource) {
            throw new IllegalArgumentException("an NDArray of " + type + " cannot be stored as " + dtype);
        }
        long length = array.size() * dtype.byteSize();
        return new TensorPayload() {
            @Override
            public long byteLength() {
                return length;
            }

            @Override
            public void writeTo(FileChannel channel, long position) throws IOException {
                if (dtype == DType.I64) {
                    writeLongs(channel, position, array.toLongArray());
                } else {
                    NDArray f32 = type == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
                    try {
                        writeFloats(channel, position, f32.toFloatArray(), dtype);
                    } finally {
                        if (f32 != array) {
                            f32.close();
                        }
                    }
                }
            }
        };
    }

    private static void writeFloats(FileChannel channel, long position, float[] data, DType dtype)
            throws IOException {
        int per = chunkBytes() / dtype.byteSize();
        long total = (long) data.length * dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(chunkBytes(), Math.max(8L, total)))
                .order(ByteOrder.LITTLE_ENDIAN);
        short[] halves = dtype == DType.F32 ? null : new short[Math.min(per, data.length)];
        long pos = position;
        for (int start = 0; start < data.length; start += per) {
            int count = Math.min(data.length - start, per);
            buf.clear();
            if (dtype == DType.F32) {
                buf.asFloatBuffer().put(data, start, count);
            } else {
                boolean f16 = dtype == DType.F16;
                for (int i = 0; i < count; i++) {
                    float v = data[start + i];
                    halves[i] = f16 ? HalfFloats.f32ToF16(v) : HalfFloats.f32ToBf16(v);
                }
                buf.asShortBuffer().put(halves, 0, count);
            }
            buf.limit(count * dtype.byteSize());
            pos += writeFully(channel, buf, pos);
        }
    }

    private static void writeLongs(FileChannel channel, long position, long[] data) throws IOException {
        int per = chunkBytes() / 8;
        long total = (long) data.length * 8;
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(chunkBytes(), Math.max(8L, total)))
                .order(ByteOrder.LITTLE_ENDIAN);
        long pos = position;
        for (int start = 0; start < data.length; start += per) {
            int count = Math.min(data.length - start, per);
            buf.clear();
            buf.asLongBuffer().put(data, start, count);
            buf.limit(count * 8);
            pos += writeFully(channel, buf, pos);
        }
    }

    /** Converted writes go out in chunks of this size, bounding a writer's extra memory to a few MiB. */
    private static int chunkBytes() {
        return 1 << 22;
    }

    /** Positional write of all remaining bytes; returns how many were written. */
    private static int writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            total += channel.write(src, position + total);
        }
        return total;
    }
}
