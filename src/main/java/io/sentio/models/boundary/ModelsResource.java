package io.sentio.models.boundary;

import io.sentio.admin.control.AdminGuard;
import io.sentio.models.control.ModelInfoService;
import io.sentio.models.control.ModelService;
import io.sentio.models.control.UnknownModelException;
import io.sentio.models.entity.ModelSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
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

    @Inject
    ModelService models;

    @Inject
    AdminGuard admin;

    @GET
    @Path("models")
    public Map<String, List<ModelSummary>> models() {
        return Map.of("models", info.summaries());
    }

    @POST
    @Path("models/{name}/load")
    public Map<String, Object> load(@PathParam("name") String name,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.check(authorization);
        models.registry().warm(name);
        return Map.of("model", name, "loaded", true);
    }

    @POST
    @Path("models/{name}/unload")
    public Map<String, Object> unload(@PathParam("name") String name,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.check(authorization);
        if (!models.models().containsKey(name)) {
            throw new UnknownModelException(name, models.models().keySet());
        }
        return Map.of("model", name, "unloaded", models.registry().unload(name));
    }

    @GET
    @Path("model-info")
    public Map<String, Object> modelInfo(@QueryParam("model") String model) {
        return info.describe(model);
    }
}
