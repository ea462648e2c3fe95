/**
 * Hardware: deciding CPU or GPU by a real probe inference, each device's engine defaults (the one place
 * they are stated), the configuration's overrides of them, and hardware figures (OSHI).
 */
package io.sentio.device;
