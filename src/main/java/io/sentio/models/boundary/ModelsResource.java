package io.sentio.models.boundary;

import io.sentio.models.control.ModelInfoService;
import io.sentio.models.entity.ModelSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** {@code GET /api/models} and {@code GET /api/model-info}. */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    @Inject
    ModelInfoService info;

    @GET
    @Path("models")
    public Map<String, List<ModelSummary>> models() {
        return Map.of("models", info.summaries());
    }

    @GET
    @Path("model-info")
    public Map<String, Object> modelInfo(@QueryParam("model") String model) {
        return info.describe(model);
    }
}
