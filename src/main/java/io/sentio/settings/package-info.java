/**
 * Configuration that is checked once, at start: every Sentio key against its rule (type, range, allowed
 * values). An invalid value never reaches a bean (its default stands in), readiness is DOWN naming the key,
 * and analyses are refused with 503 until it is fixed.
 */
package io.sentio.settings;
