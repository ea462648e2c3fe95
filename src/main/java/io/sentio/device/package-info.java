/**
 * Hardware: deciding CPU or GPU by a real probe inference, the settings that suit each, and hardware figures (OSHI).
 */
package io.sentio.device;
