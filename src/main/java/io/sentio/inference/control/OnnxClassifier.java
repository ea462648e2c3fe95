package io.sentio.inference.control;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One ONNX Runtime session of a sequence-classification model: padded batch in, logits out. */
public final class OnnxClassifier implements AutoCloseable {

    private static final Set<String> KNOWN_INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, OnnxJavaType> inputs = new HashMap<>();

    public OnnxClassifier(Path modelFile, EngineSettings settings) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(settings.interOpThreads() > 1
                    ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", settings.spinning() ? "1" : "0");
            if (settings.cuda()) {
                options.addCUDA(0);
            }
            session = env.createSession(modelFile.toString(), options);
        }
        try {
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                if (!KNOWN_INPUTS.contains(input.getKey())) {
                    throw new IllegalArgumentException("model input '" + input.getKey() + "' is not one of " + KNOWN_INPUTS);
                }
                inputs.put(input.getKey(), ((TensorInfo) input.getValue().getInfo()).type);
            }
            if (!inputs.containsKey("input_ids")) {
                throw new IllegalArgumentException("model has no input_ids input");
            }
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Runs one batch, padded to its longest text; row i of the answer belongs to {@code batch.get(i)}. */
    public float[][] run(List<Encoded> batch, OrtSession.RunOptions runOptions) throws OrtException {
        int rows = batch.size();
        int width = 0;
        for (Encoded e : batch) {
            width = Math.max(width, e.length());
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            Encoded e = batch.get(r);
            System.arraycopy(e.ids(), 0, ids, r * width, e.length());
            System.arraycopy(e.typeIds(), 0, types, r * width, e.length());
            for (int c = 0; c < e.length(); c++) {
                mask[r * width + c] = 1;
            }
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (Map.Entry<String, OnnxJavaType> input : inputs.entrySet()) {
                long[] data = switch (input.getKey()) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    default -> types;
                };
                feeds.put(input.getKey(), tensor(data, shape, input.getValue()));
            }
            try (OrtSession.Result result = session.run(feeds, runOptions)) {
                Object value = result.get(0).getValue();
                if (!(value instanceof float[][] logits)) {
                    throw new IllegalStateException("model output is not a float [batch, labels] tensor");
                }
                return logits;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(long[] data, long[] shape, OnnxJavaType type) throws OrtException {
        if (type == OnnxJavaType.INT32) {
            int[] narrow = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                narrow[i] = (int) data[i];
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(narrow), shape);
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
