package com.shardprop.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the Shardprop model file, version 1 (core/MODEL_FORMAT.md describes every
 * field). All integers are big-endian:
 * <pre>
 * magic "SHRDPROP" (8 bytes) · version u32 · payload length u64 · payload · CRC-32C u32
 * payload: spec string · parameters · feature scaling? · metadata · optimizer state?
 * </pre>
 * The checksum covers every byte before it. The reader checks magic, version, declared sizes
 * against the bytes that remain (before allocating anything) and the checksum, and rejects
 * trailing bytes. Java serialization is never used.
 */
public final class ModelFile {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFile.class);

    static final byte[] MAGIC = "SHRDPROP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, version and payload length. */
    static final int HEADER_BYTES = 8 + 4 + 8;
    static final int CHECKSUM_BYTES = 4;

    private ModelFile() {
    }

    /** Writes {@code model} to {@code out} (not closed). */
    public static void write(Model model, OutputStream out) throws IOException {
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
        DataOutputStream payload = new DataOutputStream(payloadBytes);
        writePayload(model, payload);
        payload.flush();

        ByteArrayOutputStream fileBytes = new ByteArrayOutputStream(HEADER_BYTES + payloadBytes.size() + CHECKSUM_BYTES);
        DataOutputStream file = new DataOutputStream(fileBytes);
        file.write(MAGIC);
        file.writeInt(VERSION);
        file.writeLong(payloadBytes.size());
        payloadBytes.writeTo(file);
        file.flush();
        CRC32C crc = new CRC32C();
        byte[] body = fileBytes.toByteArray();
        crc.update(body);
        out.write(body);
        new DataOutputStream(out).writeInt((int) crc.getValue());
        out.flush();
    }

    private static void writePayload(Model model, DataOutputStream out) throws IOException {
        writeString(out, model.spec().toString());

        double[] values = model.parameters().values();
        out.writeInt(values.length);
        writeDoubles(out, values);

        FeatureScaling scaling = model.featureScaling();
        out.writeByte(scaling == null ? 0 : 1);
        if (scaling != null) {
            out.writeInt(scaling.width());
            writeDoubles(out, scaling.mean());
            writeDoubles(out, scaling.standardDeviation());
        }

        out.writeInt(model.metadata().size());
        for (Map.Entry<String, String> entry : model.metadata().entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }

        OptimizerState state = model.optimizerState();
        out.writeByte(state == null ? 0 : 1);
        if (state != null) {
            out.writeByte(state.kind().ordinal());
            out.writeLong(state.step());
            writeOptionalDoubles(out, state.firstMoment());
            writeOptionalDoubles(out, state.secondMoment());
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        for (double value : values) {
            out.writeLong(Double.doubleToRawLongBits(value));
        }
    }

    private static void writeOptionalDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeByte(values == null ? 0 : 1);
        if (values != null) {
            out.writeInt(values.length);
            writeDoubles(out, values);
        }
    }

    /**
     * Reads a model from {@code in} to its end (not closed).
     *
     * @throws InvalidInputException if the bytes are not a valid model file, saying which check failed
     */
    public static Model read(InputStream in) throws IOException {
        return read(in.readAllBytes(), "model stream");
    }

    /**
     * Parses a whole model file held in memory.
     *
     * @param source names the file in error messages
     * @throws InvalidInputException if the bytes are not a valid model file
     */
    static Model read(byte[] bytes, String source) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new InvalidInputException(source + " is not a Shardprop model file: it does not start with the magic bytes "
                    + "\"SHRDPROP\"; pass a file written by shardprop train");
        }
        if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new InvalidInputException(source + " is truncated: " + bytes.length + " bytes, shorter than the "
                    + (HEADER_BYTES + CHECKSUM_BYTES) + "-byte header and checksum; copy the file again");
        }
        buffer.position(MAGIC.length);
        int version = buffer.getInt();
        if (version != VERSION) {
            throw new InvalidInputException(source + " has model format version " + version + ", this reader supports version "
                    + VERSION + "; use the Shardprop release that wrote it");
        }
        long payloadLength = buffer.getLong();
        long available = (long) bytes.length - HEADER_BYTES - CHECKSUM_BYTES;
        if (payloadLength < 0 || payloadLength > available) {
            throw new InvalidInputException(source + " is truncated: the header declares a payload of " + payloadLength
                    + " bytes but only " + Math.max(available, 0) + " bytes follow before the checksum; copy the file again");
        }
        if (payloadLength < available) {
            throw new InvalidInputException(source + " has " + (available - payloadLength)
                    + " unexpected bytes after the checksum; the file is corrupt or two files were concatenated");
        }

        int checksumOffset = HEADER_BYTES + (int) payloadLength;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, checksumOffset);
        int stored = ByteBuffer.wrap(bytes, checksumOffset, CHECKSUM_BYTES).getInt();
        if (stored != (int) crc.getValue()) {
            throw new InvalidInputException(source + " is corrupt: CRC-32C checksum mismatch (stored "
                    + Integer.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()) + "); copy the file again");
        }

        ByteBuffer payload = ByteBuffer.wrap(bytes, HEADER_BYTES, (int) payloadLength).slice();
        try {
            Model model = readPayload(new PayloadReader(payload, source));
            if (payload.hasRemaining()) {
                throw new InvalidInputException(source + " is corrupt: " + payload.remaining()
                        + " bytes left over after the last section of the payload");
            }
            return model;
        } catch (BufferUnderflowException e) {
            // PayloadReader checks every size first, so this is a bug in the reader, not the file.
            throw new IllegalStateException("model reader read past a checked bound in " + source, e);
        }
    }

    private static Model readPayload(PayloadReader in) {
        String specText = in.string("network specification");
        NetworkSpec spec;
        try {
            spec = NetworkSpec.parse(specText);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(in.source + " is corrupt: its network specification '" + specText
                    + "' is invalid: " + e.getMessage(), e);
        }

        int parameterCount = in.count("parameter count", Double.BYTES);
        if (parameterCount != spec.parameterCount()) {
            throw new InvalidInputException(in.source + " is corrupt: network " + spec + " needs " + spec.parameterCount()
                    + " parameters but the file stores " + parameterCount);
        }
        Parameters parameters = new Parameters(spec, in.doubles(parameterCount));

        FeatureScaling scaling = null;
        if (in.flag("feature scaling flag")) {
            int width = in.count("feature scaling width", 2 * Double.BYTES);
            if (width != spec.inputWidth()) {
                throw new InvalidInputException(in.source + " is corrupt: feature scaling has " + width
                        + " columns but the network input width is " + spec.inputWidth());
            }
            double[] mean = in.doubles(width);
            double[] deviation = in.doubles(width);
            scaling = in.wrap("feature scaling", () -> new FeatureScaling(mean, deviation));
        }

        // Each entry needs at least its two 4-byte string lengths.
        int entries = in.count("metadata entry count", 8);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String key = in.string("metadata key " + i);
            metadata.put(key, in.string("metadata value of '" + key + "'"));
        }

        OptimizerState state = null;
        if (in.flag("optimizer state flag")) {
            int kindIndex = in.unsignedByte("optimizer kind");
            OptimizerConfig.Kind[] kinds = OptimizerConfig.Kind.values();
            if (kindIndex >= kinds.length) {
                throw new InvalidInputException(in.source + " is corrupt: optimizer kind " + kindIndex
                        + " is unknown (expected 0 for sgd or 1 for adam)");
            }
            long step = in.longValue("optimizer step");
            double[] first = in.optionalDoubles("optimizer first moment", parameterCount);
            double[] second = in.optionalDoubles("optimizer second moment", parameterCount);
            OptimizerConfig.Kind kind = kinds[kindIndex];
            state = in.wrap("optimizer state", () -> new OptimizerState(kind, step, first, second));
        }
        return new Model(parameters, scaling, metadata, state);
    }

    /** Reads fields from the payload, checking each size against the bytes that remain before allocating. */
    private static final class PayloadReader {
        private final ByteBuffer buffer;
        private final String source;

        PayloadReader(ByteBuffer buffer, String source) {
            this.buffer = buffer;
            this.source = source;
        }

        private void need(long bytes, String what) {
            if (bytes > buffer.remaining()) {
                throw new InvalidInputException(source + " is truncated or corrupt: " + what + " needs " + bytes
                        + " bytes at payload offset " + buffer.position() + " but only " + buffer.remaining() + " remain");
            }
        }

        int unsignedByte(String what) {
            need(1, what);
            return buffer.get() & 0xFF;
        }

        boolean flag(String what) {
            int value = unsignedByte(what);
            if (value > 1) {
                throw new InvalidInputException(source + " is corrupt: " + what + " must be 0 or 1, got " + value
                        + " at payload offset " + (buffer.position() - 1));
            }
            return value == 1;
        }

        long longValue(String what) {
            need(Long.BYTES, what);
            return buffer.getLong();
        }

        /** Reads a u32 count of items of {@code itemBytes} each and checks that they fit in what remains. */
        int count(String what, int itemBytes) {
            need(Integer.BYTES, what);
            int count = buffer.getInt();
            if (count < 0) {
                throw new InvalidInputException(source + " is corrupt: " + what + " is negative (" + count + ")");
            }
            need((long) count * itemBytes, what + " of " + count);
            return count;
        }

        double[] doubles(int count) {
            double[] values = new double[count];
            buffer.asDoubleBuffer().get(values);
            buffer.position(buffer.position() + count * Double.BYTES);
            return values;
        }

        double[] optionalDoubles(String what, int expectedLength) {
            if (!flag(what + " flag")) {
                return null;
            }
            int length = count(what + " length", Double.BYTES);
            if (length != expectedLength) {
                throw new InvalidInputException(source + " is corrupt: " + what + " has " + length
                        + " values but the network has " + expectedLength + " parameters");
            }
            return doubles(length);
        }

        String string(String what) {
            int length = count(what + " length", 1);
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Runs a constructor whose validation failure means the file is corrupt. */
        <T> T wrap(String what, java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (InvalidInputException e) {
                throw new InvalidInputException(source + " is corrupt: invalid " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Saves {@code model} to {@code path}: writes a temporary file in the same directory, forces
     * it to disk, then renames it over {@code path}, so readers see the old file or the complete
     * new one and a failed save leaves no partial file.
     */
    public static void save(Model model, Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                write(model, out);
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("file system of {} cannot rename atomically ({}); replacing the model file non-atomically",
                        directory, e.getMessage());
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Loads the model saved at {@code path}.
     *
     * @throws InvalidInputException naming the file if it is not a valid model file
     */
    public static Model load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("model file " + path + " does not exist or is not a regular file");
        }
        return read(Files.readAllBytes(path), "model file " + path);
    }
}
