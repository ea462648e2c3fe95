package io.sentio.client;

import io.sentio.JsonConfiguration;
import io.sentio.analysis.entity.BatchAnswer;
import io.sentio.analysis.entity.SingleAnswer;
import io.sentio.models.entity.ModelList;
import io.sentio.models.entity.ModelLoaded;
import io.sentio.models.entity.ModelUnloaded;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Sentio's HTTP API (docs/CONTRACT.md) as a MicroProfile Rest Client, with the server's own answer records. Build
 * one with {@code RestClientBuilder.newBuilder().baseUri(URI.create("http://host:8080")).build(SentioClient.class)},
 * or inject it with {@code @Inject @RestClient SentioClient} and the configuration key {@code sentio/mp-rest/url}.
 * Every error answer (problem+json) is thrown as a {@link SentioProblemException}.
 *
 * <p>Shipped as the client jar ({@code sentio-client.jar}, built with the WAR); a caller needs a MicroProfile Rest
 * Client implementation with JSON-B, which every MicroProfile server has.
 */
@RegisterRestClient(configKey = "sentio")
@RegisterProvider(JsonConfiguration.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface SentioClient {

    /** Analyzes one text. */
    @POST
    @Path("analyze")
    @Consumes(MediaType.APPLICATION_JSON)
    SingleAnswer analyze(TextRequest request);

    /** Analyzes several texts (at most the server's {@code ANALYZE_MAX_TEXTS}), answered in their order. */
    @POST
    @Path("analyze")
    @Consumes(MediaType.APPLICATION_JSON)
    BatchAnswer analyze(TextsRequest request);

    /** Every model the server can serve. */
    @GET
    @Path("models")
    ModelList models();

    /** Loads a model (admin): {@code authorization} is {@link #bearer}{@code (token)}. */
    @POST
    @Path("models/{name}/load")
    ModelLoaded load(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** Unloads a model (admin): {@code authorization} is {@link #bearer}{@code (token)}. */
    @POST
    @Path("models/{name}/unload")
    ModelUnloaded unload(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** The {@code Authorization} value for the server's {@code ADMIN_TOKEN}. */
    static String bearer(String adminToken) {
        return "Bearer " + adminToken;
    }
}
