/**
 * Servable models: starting the service (bundled models, catalog, device, default-model probe), loading
 * models on demand into an LRU cache of leases, giving their native memory back off the request path, and
 * describing them (/api/models, /api/model-info).
 */
package io.sentio.models;
