package io.sentio.device.control;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.sentio.device.entity.Device;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Decides CPU or GPU by trying: ONNX Runtime's provider list names CUDA wherever the GPU build is on
 * the class path, so only a CUDA session that really answers a probe inference proves a GPU.
 */
public final class DeviceDetector {

    private static final Logger LOG = Logger.getLogger(DeviceDetector.class.getName());

    private DeviceDetector() {
    }

    /**
     * @param requested {@code auto}, {@code cpu} or {@code gpu}
     * @param probeModel an ONNX classifier to run one probe inference on
     * @throws IllegalStateException when {@code gpu} is requested and no CUDA device answers
     */
    public static Device detect(String requested, Path probeModel) {
        String wanted = requested == null ? "auto" : requested.trim().toLowerCase();
        switch (wanted) {
            case "cpu":
                return Device.cpu("DEVICE=cpu");
            case "gpu": {
                String failure = cudaFailure(probeModel);
                if (failure != null) {
                    throw new IllegalStateException("DEVICE=gpu, but no usable CUDA device: " + failure);
                }
                return Device.gpu("DEVICE=gpu; a CUDA session answered a probe inference");
            }
            case "auto": {
                String failure = cudaFailure(probeModel);
                return failure == null
                        ? Device.gpu("auto: a CUDA session answered a probe inference")
                        : Device.cpu("auto: no usable CUDA device (" + failure + ")");
            }
            default:
                throw new IllegalArgumentException("DEVICE must be auto, cpu or gpu, not '" + requested + "'");
        }
    }

    /** Null when a CUDA session on {@code probeModel} answers; otherwise why not. */
    static String cudaFailure(Path probeModel) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA provider (the GPU build is the Maven profile -Pgpu)";
        }
        if (probeModel == null || !Files.isRegularFile(probeModel)) {
            return "no model to probe with";
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            try (OrtSession session = env.createSession(probeModel.toString(), options)) {
                Map<String, OnnxTensor> feeds = new HashMap<>();
                try {
                    for (String input : session.getInputNames()) {
                        long[] values = input.equals("input_ids") ? new long[]{101, 2204, 102} : input.equals("attention_mask")
                                ? new long[]{1, 1, 1} : new long[]{0, 0, 0};
                        feeds.put(input, OnnxTensor.createTensor(env, LongBuffer.wrap(values), new long[]{1, 3}));
                    }
                    try (OrtSession.Result ignored = session.run(feeds)) {
                        LOG.info("CUDA probe inference succeeded");
                        return null;
                    }
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        } catch (Exception | LinkageError e) {
            return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }
}
