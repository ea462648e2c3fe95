package io.sentio.models.boundary;

import io.sentio.admin.AdminOnly;
import io.sentio.models.control.ModelInfoService;
import io.sentio.models.control.ModelService;
import io.sentio.models.entity.ModelInfo;
import io.sentio.models.entity.ModelList;
import io.sentio.models.entity.ModelLoaded;
import io.sentio.models.entity.ModelUnloaded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/models}, {@code GET /api/model-info}, and loading and unloading models (admin). */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    @Inject
    ModelInfoService info;

    @Inject
    ModelService models;

    @GET
    @Path("models")
    public ModelList models() {
        return new ModelList(info.summaries());
    }

    @POST
    @Path("models/{name}/load")
    @AdminOnly
    public ModelLoaded load(@PathParam("name") String name) {
        models.load(name);
        return new ModelLoaded(name, true);
    }

    @POST
    @Path("models/{name}/unload")
    @AdminOnly
    public ModelUnloaded unload(@PathParam("name") String name) {
        return new ModelUnloaded(name, models.unload(name));
    }

    @GET
    @Path("model-info")
    public ModelInfo modelInfo(@QueryParam("model") String model) {
        return info.describe(model);
    }
}
