package io.sentio.monitoring.control;

import jakarta.enterprise.context.RequestScoped;

/** What the layers of one request learned about it, for the request log and the statistics. */
@RequestScoped
public class RequestFacts {

    private String model;
    private int texts;
    private String errorType;

    public void analyzed(String model, int texts) {
        this.model = model;
        this.texts = texts;
    }

    public void failed(String errorType) {
        this.errorType = errorType;
    }

    public String model() {
        return model;
    }

    public int texts() {
        return texts;
    }

    public String errorType() {
        return errorType;
    }
}
