package io.sentio.cache.control;

import io.sentio.inference.entity.Prediction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prediction as the bytes a cache keeps. Plain bytes, not a serialized Java object: a shared cache (Hazelcast,
 * Redis) stores and ships them without loading any Sentio class, and a value written by another version of Sentio
 * is refused by its format byte instead of being misread.
 */
final class ResultCodec {

    private static final byte FORMAT = 1;

    private ResultCodec() {
    }

    static byte[] encode(Prediction p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 24 * p.scores().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(p.tokens());
            out.writeBoolean(p.truncated());
            out.writeInt(p.chunks());
            out.writeShort(p.scores().size());
            for (Map.Entry<String, Double> score : p.scores().entrySet()) {
                out.writeUTF(score.getKey());
                out.writeDouble(score.getValue());
            }
            out.writeUTF(p.label());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The prediction in {@code value}; {@code null} for bytes in another format (read as a miss). */
    static Prediction decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != FORMAT) {
                return null;
            }
            int tokens = in.readInt();
            boolean truncated = in.readBoolean();
            int chunks = in.readInt();
            int n = in.readShort();
            Map<String, Double> scores = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                scores.put(in.readUTF(), in.readDouble());
            }
            String label = in.readUTF();
            Double score = scores.get(label);
            return score == null || in.available() > 0 ? null
                    : new Prediction(label, score, scores, tokens, truncated, chunks);
        } catch (IOException | RuntimeException e) {
            return null; // cut short or garbled: recompute rather than answer from it
        }
    }
}
