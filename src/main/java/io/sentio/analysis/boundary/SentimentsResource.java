package io.sentio.analysis.boundary;

import io.sentio.analysis.control.RequestParser;
import io.sentio.analysis.control.SentimentAnalyzer;
import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.analysis.entity.BatchAnswer;
import io.sentio.analysis.entity.SingleAnswer;
import io.sentio.analysis.entity.TextResult;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.InputStream;

/** {@code POST /api/analyze}: sentiment of one text or of several. */
@ApplicationScoped
@Path("analyze")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SentimentsResource {

    @Inject
    SentimentAnalyzer analyzer;

    @Inject
    @ConfigProperty(name = "analyze.max.texts", defaultValue = "128")
    int maxTexts;

    @Inject
    @ConfigProperty(name = "analyze.max.body.bytes", defaultValue = "1048576")
    int maxBodyBytes;

    private RequestParser parser;

    private final ServiceFileCache serviceFiles = new ServiceFileCache(SentimentsResource.class.getClassLoader());

    @PostConstruct
    void init() {
        parser = new RequestParser(maxTexts, maxBodyBytes);
    }

    @POST
    public Object analyze(InputStream body) {
        AnalysisRequest request = parser.parse(body);
        Analysis analysis = serviceFiles.around(() -> analyzer.analyzeInTime(request));
        if (request.single()) {
            return SingleAnswer.of(analysis.model(), analysis.predictions().get(0), analysis.millis());
        }
        return new BatchAnswer(analysis.model(), analysis.millis(),
                analysis.predictions().stream().map(TextResult::of).toList());
    }
}
