/**
 * Servable models: finding model folders, loading them on demand into an LRU cache of leases, and describing them (/api/models, /api/model-info).
 */
package io.sentio.models;
