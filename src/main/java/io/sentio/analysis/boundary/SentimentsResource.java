package io.sentio.analysis.boundary;

import io.sentio.analysis.control.RateLimits;
import io.sentio.analysis.control.RequestParser;
import io.sentio.analysis.control.SentimentAnalyzer;
import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.analysis.entity.BatchAnswer;
import io.sentio.analysis.entity.SingleAnswer;
import io.sentio.analysis.entity.TextResult;
import io.sentio.cache.entity.CacheUse;
import io.sentio.inference.entity.Prediction;
import io.sentio.problems.entity.RequestAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /api/analyze}: sentiment of one text or of several. */
@ApplicationScoped
@Path("analyze")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SentimentsResource {

    @Inject
    SentimentAnalyzer analyzer;

    @Inject
    RateLimits rateLimits;

    @Inject
    RequestParser parser;

    private final ServiceFileCache serviceFiles = new ServiceFileCache(SentimentsResource.class.getClassLoader());

    @POST
    public Response analyze(InputStream body, @Context HttpServletRequest client, @Context HttpHeaders headers) {
        long arrived = client.getAttribute(RequestAttributes.START) instanceof Long start ? start : System.nanoTime();
        if (client.getAttribute(RememberedAnswers.LOOKED) instanceof RememberedAnswers.Looked looked) {
            // parsed and asked of the cache by RememberedAnswers (only where no rate limit applies), texts missing
            Analysis analysis = serviceFiles.around(() -> analyzer.analyzeLooked(looked.request(), CacheUse.USE,
                    arrived, looked.texts()));
            return Response.ok(entity(looked.request(), analysis)).build();
        }
        AnalysisRequest request = parser.parse(body);
        Map<String, String> limit = rateLimits.admit(client.getRemoteAddr(), headers.getHeaderString("X-Forwarded-For"),
                rateLimits.keyHeader().map(headers::getHeaderString).orElse(null), request.texts().size());
        CacheUse cacheUse = CacheUse.of(headers.getHeaderString(HttpHeaders.CACHE_CONTROL));
        Analysis analysis = serviceFiles.around(() -> analyzer.analyzeInTime(request, cacheUse, arrived));
        Response.ResponseBuilder answer = Response.ok(entity(request, analysis));
        limit.forEach(answer::header);
        return answer.build();
    }

    /** The answer's body: one text's, or a batch's. */
    static Object entity(AnalysisRequest request, Analysis analysis) {
        return request.single()
                ? single(analysis.model(), analysis.predictions().get(0), analysis.cached().get(0), analysis.millis())
                : new BatchAnswer(analysis.model(), analysis.millis(), results(analysis));
    }

    private static List<TextResult> results(Analysis analysis) {
        List<TextResult> results = new ArrayList<>(analysis.predictions().size());
        for (int i = 0; i < analysis.predictions().size(); i++) {
            Prediction p = analysis.predictions().get(i);
            results.add(new TextResult(p.label(), p.score(), p.scores(), p.tokens(), p.truncated(), p.chunks(),
                    analysis.cached().get(i)));
        }
        return results;
    }

    private static SingleAnswer single(String model, Prediction p, boolean cached, double millis) {
        return new SingleAnswer(model, p.label(), p.score(), p.scores(), p.tokens(), p.truncated(), p.chunks(), cached,
                millis);
    }
}
