package org.actionbench.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.actionbench.data.io.AtomicFiles;

/**
 * Writes safetensors files laid out as the reference writer lays them out: tensors ordered by descending
 * dtype alignment (I64, F32, BF16, F16) and then by name, contiguous from offset 0; a compact JSON header
 * with {@code __metadata__} first (omitted when empty) and tensors in data order, padded with spaces to a
 * multiple of 8 bytes so every tensor is aligned. Writes are atomic: a temporary file in the target
 * directory, forced to disk, then renamed over the target.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** float32 arrays as F32, float16 arrays as F16, int64 arrays as I64. */
    public static void write(Path file, Map<String, String> metadata, Map<String, NDArray> tensors)
            throws IOException {
        write(file, metadata, tensors, null);
    }

    /**
     * Float arrays (float32 or float16) stored as {@code floatDType} (F32, F16 or BF16, rounded to nearest
     * even), int64 arrays as I64. {@code floatDType == null} keeps each float array's own precision.
     */
    public static void write(Path file, Map<String, String> metadata, Map<String, NDArray> tensors,
            DType floatDType) throws IOException {
        if (floatDType != null && !floatDType.isFloatingPoint()) {
            throw new IllegalArgumentException("floatDType must be F32, F16 or BF16, not " + floatDType);
        }
        Builder b = builder().metadata(metadata);
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            DataType type = a.getDataType();
            DType dtype;
            if (type == DataType.INT64) {
                dtype = DType.I64;
            } else if (type == DataType.FLOAT32 || type == DataType.FLOAT16) {
                dtype = floatDType != null ? floatDType : type == DataType.FLOAT32 ? DType.F32 : DType.F16;
            } else {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' for " + file + " is " + type
                        + "; only float32, float16 and int64 arrays can be written");
            }
            b.add(e.getKey(), dtype, a.getShape().getShape(), TensorPayload.of(a, dtype));
        }
        b.write(file);
    }

    /** A writer for raw tensors (name, dtype, shape, payload), e.g. multi-GiB test files with holes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects metadata and tensors; {@link #write(Path)} lays them out and writes the file. */
    public static final class Builder {
        private final Map<String, String> metadata = new TreeMap<>();
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private record Entry(String name, DType dtype, long[] shape, TensorPayload payload) {
        }

        private Builder() {
        }

        public Builder metadata(Map<String, String> values) {
            if (values != null) {
                values.forEach(this::metadata);
            }
            return this;
        }

        public Builder metadata(String key, String value) {
            if (key == null || value == null) {
                throw new IllegalArgumentException("metadata keys and values must not be null: " + key);
            }
            metadata.put(key, value);
            return this;
        }

        /** Adds a tensor; the payload's length must equal product(shape) × dtype size. */
        public Builder add(String name, DType dtype, long[] shape, TensorPayload payload) {
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice");
            }
            long elements = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "': negative dimension in "
                            + Arrays.toString(shape));
                }
                elements = Math.multiplyExact(elements, d);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.byteSize());
            if (payload.byteLength() != expected) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " of " + dtype + " needs " + expected + " bytes, payload has " + payload.byteLength());
            }
            entries.put(name, new Entry(name, dtype, shape.clone(), payload));
            return this;
        }

        /** Convenience for {@link TensorPayload#floats}. */
        public Builder addFloats(String name, DType dtype, long[] shape, float[] values) {
            return add(name, dtype, shape, TensorPayload.floats(values, dtype));
        }

        /** Convenience for {@link TensorPayload#longs}. */
        public Builder addLongs(String name, long[] shape, long[] values) {
            return add(name, DType.I64, shape, TensorPayload.longs(values));
        }

        /** The header bytes (JSON plus space padding) this builder would write, without the length prefix. */
        byte[] header() {
            return layout().header;
        }

        private record Layout(byte[] header, List<Entry> order, long dataLength) {
        }

        private Layout layout() {
            List<Entry> order = new ArrayList<>(entries.values());
            order.sort(Comparator.comparingInt((Entry e) -> -e.dtype().referenceRank())
                    .thenComparing(Entry::name, Builder::compareUtf8));
            Map<String, Object> header = new LinkedHashMap<>();
            if (!metadata.isEmpty()) {
                header.put("__metadata__", metadata);
            }
            long offset = 0;
            for (Entry e : order) {
                long end = offset + e.payload().byteLength();
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("dtype", e.dtype().name());
                info.put("shape", e.shape());
                info.put("data_offsets", new long[] {offset, end});
                header.put(e.name(), info);
                offset = end;
            }
            byte[] json;
            try {
                json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            int padded = (json.length + 7) / 8 * 8;
            byte[] bytes = Arrays.copyOf(json, padded);
            Arrays.fill(bytes, json.length, padded, (byte) ' ');
            return new Layout(bytes, order, offset);
        }

        /** The reference sorts names as byte strings; Java's String order differs past the BMP. */
        private static int compareUtf8(String a, String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes the file atomically (temporary file + rename); parent directories are created. */
        public void write(Path file) throws IOException {
            Layout layout = layout();
            AtomicFiles.write(file, tmp -> {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer head = ByteBuffer.allocate(8 + layout.header().length).order(ByteOrder.LITTLE_ENDIAN);
                    head.putLong(layout.header().length).put(layout.header()).flip();
                    while (head.hasRemaining()) {
                        ch.write(head, head.position());
                    }
                    long dataStart = 8L + layout.header().length;
                    long offset = 0;
                    for (Entry e : layout.order()) {
                        e.payload().writeTo(ch, dataStart + offset);
                        offset += e.payload().byteLength();
                    }
                    long total = dataStart + layout.dataLength();
                    if (ch.size() > total) {
                        throw new IOException("a payload wrote past its tensor's region while writing " + file);
                    }
                    if (ch.size() < total) {
                        // One byte at the end extends the file with a hole: zero payloads cost no disk space.
                        ch.write(ByteBuffer.wrap(new byte[1]), total - 1);
                    }
                }
            });
        }
    }
}
