package io.sentio.inference.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One digest of everything a model's scores depend on: its ONNX file, {@code tokenizer.json}, {@code config.json},
 * the symbol table that words emoji before tokenizing, and the max length it reads. Two processes that load the
 * same folder with the same settings get the same fingerprint, so answers remembered by one are valid for the other;
 * a changed file or setting gives another.
 */
public final class ModelFingerprint {

    private ModelFingerprint() {
    }

    /** SHA-256, hex, of the files' contents and the max length. */
    public static String of(Path modelFile, Path tokenizer, Path config, int maxLength) throws IOException {
        MessageDigest sha = sha256();
        for (Path file : new Path[] {modelFile, tokenizer, config}) {
            try (InputStream in = Files.newInputStream(file)) {
                digest(in, sha);
            }
        }
        try (InputStream in = SymbolWords.class.getResourceAsStream("symbol-words.tsv")) {
            if (in == null) {
                throw new IOException("symbol-words.tsv is missing from the class path");
            }
            digest(in, sha);
        }
        sha.update(("max_length=" + maxLength).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void digest(InputStream in, MessageDigest sha) throws IOException {
        try (DigestInputStream through = new DigestInputStream(in, sha)) {
            through.transferTo(OutputStream.nullOutputStream());
        }
        // a separator, so moving bytes from one file to the next changes the digest
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
