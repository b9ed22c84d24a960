package org.actionbench.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A safetensors file opened for reading: 8-byte little-endian header length N, N bytes of JSON header,
 * then the data section. The header is validated on open as the reference reader does (tensors tile the
 * data section exactly, no overlap, no gap, nothing past the end; byte lengths match shape × dtype), so a
 * file that opens is one PyTorch's safetensors would load.
 *
 * <p>Data is memory-mapped one tensor region at a time, in windows of at most 1 GiB, never the whole
 * file: a {@link java.nio.MappedByteBuffer} is limited to 2 GiB and UNet checkpoints are larger. Every
 * read copies out of the mapping, so arrays stay valid after {@link #close()}.
 *
 * <p>Not thread-safe for concurrent {@link #toNDArray} calls on one instance (they share a staging buffer;
 * the method is synchronized).
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The reference implementation refuses larger headers; so do we, before allocating them. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;
    private static final String METADATA_KEY = "__metadata__";
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final int DECODE_CHUNK = 1 << 16;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;
    private final long windowBytes;
    private ByteBuffer staging;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, String> metadata,
            Map<String, TensorInfo> tensors, long windowBytes) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.tensors = tensors;
        this.windowBytes = windowBytes;
    }

    /** Opens and validates {@code file}; a malformed file fails with {@link SafetensorsFormatException}. */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a smaller mapping window, so tests can cross window boundaries cheaply. */
    static SafetensorsFile open(Path file, long windowBytes) throws IOException {
        if (windowBytes <= 0 || windowBytes % 8 != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of 8 bytes: " + windowBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            SafetensorsFile f = readHeader(file, channel, windowBytes);
            channel = null;
            return f;
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private static SafetensorsFile readHeader(Path file, FileChannel channel, long windowBytes) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsFormatException(file, "file is " + size
                    + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long n = lengthBytes.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(n)
                    + " is larger than the " + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
        }
        if (8 + n > size) {
            throw new SafetensorsFormatException(file, "header length " + n + " runs past the end of the "
                    + size + "-byte file (truncated, or not a safetensors file)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(channel, headerBytes, 8);
        headerBytes.flip();
        String header;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes);
            header = chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "header is not valid UTF-8");
        }
        if (!header.startsWith("{")) {
            throw new SafetensorsFormatException(file, "header does not start with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file, "header is not a JSON object");
        }
        long dataLength = size - 8 - n;
        List<String> problems = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                parseMetadata(e.getValue(), metadata, problems);
            } else {
                TensorInfo info = parseTensor(e.getKey(), e.getValue(), problems);
                if (info != null) {
                    infos.add(info);
                }
            }
        }
        if (problems.isEmpty()) {
            // With a broken entry left out, the layout would report a misleading gap where it was.
            checkLayout(infos, dataLength, problems);
        }
        if (!problems.isEmpty()) {
            throw new SafetensorsFormatException(file, problems);
        }
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : infos) {
            byName.put(t.name(), t);
        }
        return new SafetensorsFile(file, channel, 8 + n, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(byName), windowBytes);
    }

    private static void parseMetadata(JsonNode node, Map<String, String> out, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"__metadata__\" must be an object of strings, found " + node.getNodeType());
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                problems.add("\"__metadata__\" entry '" + e.getKey() + "' must be a string, found "
                        + e.getValue().getNodeType());
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
    }

    private static TensorInfo parseTensor(String name, JsonNode node, List<String> problems) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            problems.add(where + "entry must be an object with dtype, shape and data_offsets");
            return null;
        }
        int before = problems.size();
        DType dtype = null;
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            problems.add(where + "missing or non-string \"dtype\"");
        } else {
            try {
                dtype = DType.parse(dt.asText());
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
            }
        }
        long[] shape = longArray(node.get("shape"), -1, where + "\"shape\"", problems);
        long[] offsets = longArray(node.get("data_offsets"), 2, where + "\"data_offsets\"", problems);
        if (problems.size() > before) {
            return null;
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            problems.add(where + "data_offsets [" + begin + ", " + end + "] end before they begin");
            return null;
        }
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.byteSize());
            if (expected != end - begin) {
                problems.add(where + "shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs "
                        + expected + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
                return null;
            }
        } catch (ArithmeticException e) {
            problems.add(where + "shape " + java.util.Arrays.toString(shape) + " overflows a 64-bit size");
            return null;
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] longArray(JsonNode node, int requiredLength, String what, List<String> problems) {
        if (node == null || !node.isArray()) {
            problems.add(what + " must be an array of non-negative integers");
            return null;
        }
        if (requiredLength >= 0 && node.size() != requiredLength) {
            problems.add(what + " must have " + requiredLength + " entries, found " + node.size());
            return null;
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                problems.add(what + " must be an array of non-negative integers, found " + node);
                return null;
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** The reference reader's rule: sorted by offset, tensors tile [0, dataLength) with no gap or overlap. */
    private static void checkLayout(List<TensorInfo> infos, long dataLength, List<String> problems) {
        List<TensorInfo> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < covered) {
                problems.add("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", "
                        + previous.end() + "]");
            } else if (t.begin() > covered) {
                problems.add("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] leave bytes [" + covered + ", " + t.begin() + ") of the data section unused");
            }
            if (t.end() > dataLength) {
                problems.add("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] run past the end of the " + dataLength + "-byte data section (file truncated?)");
            }
            if (t.end() >= covered) {
                covered = t.end();
                previous = t;
            }
        }
        if (covered < dataLength) {
            problems.add((dataLength - covered) + " bytes after the last tensor"
                    + (previous == null ? "" : " '" + previous.name() + "'") + " are not covered by any tensor");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = channel.read(dst, pos);
            if (r < 0) {
                throw new EOFException("unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor, in the order of its data in the file. */
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Absolute file offset of the data section (8 + header length). */
    public long dataStart() {
        return dataStart;
    }

    /** The values of an F32, F16 or BF16 tensor, widened to float. */
    public float[] readFloats(String name) {
        TensorInfo t = require(name);
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + path + " is " + t.dtype()
                    + ", not a float type; use readLongs");
        }
        float[] out = new float[arrayLength(t)];
        forEachWindow(t, (window, first) -> decodeFloats(t.dtype(), window, out, (int) first, window.remaining()
                / t.dtype().byteSize()));
        return out;
    }

    /** The values of an I64 tensor. */
    public long[] readLongs(String name) {
        TensorInfo t = require(name);
        if (t.dtype() != DType.I64) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + path + " is " + t.dtype()
                    + ", not I64; use readFloats");
        }
        long[] out = new long[arrayLength(t)];
        forEachWindow(t, (window, first) -> window.asLongBuffer().get(out, (int) first, window.remaining() / 8));
        return out;
    }

    /**
     * The tensor as an NDArray owned by {@code manager}: float32 for F32, F16 and BF16 (BF16 must never
     * reach DJL), int64 for I64. The data is copied, so the array outlives this file.
     */
    public synchronized NDArray toNDArray(NDManager manager, String name) {
        TensorInfo t = require(name);
        long n = t.elementCount();
        int outBytes = t.dtype() == DType.I64 ? 8 : 4;
        if (n * outBytes > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + path + " has " + n
                    + " elements, too many for one NDArray");
        }
        int bytes = (int) (n * outBytes);
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(Math.max(bytes, 1024)).order(ByteOrder.nativeOrder());
        }
        ByteBuffer dst = staging.slice(0, bytes).order(ByteOrder.nativeOrder());
        forEachWindow(t, (window, first) -> {
            switch (t.dtype()) {
                case F32 -> dst.asFloatBuffer().position((int) first).put(window.asFloatBuffer());
                case I64 -> dst.asLongBuffer().position((int) first).put(window.asLongBuffer());
                case F16, BF16 -> {
                    var out = dst.asFloatBuffer().position((int) first);
                    float[] chunk = new float[(int) Math.min(DECODE_CHUNK, window.remaining() / 2)];
                    while (window.hasRemaining()) {
                        int count = Math.min(chunk.length, window.remaining() / 2);
                        decodeFloats(t.dtype(), window, chunk, 0, count);
                        out.put(chunk, 0, count);
                    }
                }
            }
        });
        DataType type = t.dtype() == DType.I64 ? DataType.INT64 : DataType.FLOAT32;
        // DJL's PyTorch engine wraps a direct buffer without copying (from_blob); duplicate() makes a tensor
        // that owns its memory, so the staging buffer can be reused for the next tensor.
        try (NDArray view = manager.create(dst, new Shape(t.shape()), type)) {
            return view.duplicate();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        staging = null;
        channel.close();
    }

    private TensorInfo require(String name) {
        if (closed) {
            throw new IllegalStateException("safetensors file " + path + " is closed");
        }
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + path);
        }
        return t;
    }

    private int arrayLength(TensorInfo t) {
        long n = t.elementCount();
        if (n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' in " + path + " has " + n
                    + " elements, too many for one Java array");
        }
        return (int) n;
    }

    /** Decodes {@code count} elements from {@code window}'s position into {@code out[offset...]}. */
    private static void decodeFloats(DType dtype, ByteBuffer window, float[] out, int offset, int count) {
        if (dtype == DType.F32) {
            window.asFloatBuffer().get(out, offset, count);
            window.position(window.position() + count * 4);
            return;
        }
        short[] bits = new short[Math.min(count, DECODE_CHUNK)];
        boolean f16 = dtype == DType.F16;
        for (int done = 0; done < count;) {
            int n = Math.min(bits.length, count - done);
            window.asShortBuffer().get(bits, 0, n);
            window.position(window.position() + n * 2);
            for (int i = 0; i < n; i++) {
                out[offset + done + i] = f16 ? HalfFloats.f16ToF32(bits[i]) : HalfFloats.bf16ToF32(bits[i]);
            }
            done += n;
        }
    }

    private interface WindowConsumer {
        /** {@code window} is little-endian, positioned at its first byte; {@code firstElement} its index. */
        void accept(ByteBuffer window, long firstElement);
    }

    private void forEachWindow(TensorInfo t, WindowConsumer consumer) {
        long length = t.byteLength();
        long pos = 0;
        while (pos < length) {
            long len = Math.min(windowBytes, length - pos);
            ByteBuffer window;
            try {
                window = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin() + pos, len);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot map tensor '" + t.name() + "' of " + path, e);
            }
            window.order(ByteOrder.LITTLE_ENDIAN);
            consumer.accept(window, pos / t.dtype().byteSize());
            pos += len;
        }
    }
}
