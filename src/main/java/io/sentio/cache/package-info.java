/**
 * The result cache: answers remembered by model fingerprint, long-text policy and text, kept in this process and,
 * where there is one, in a store shared by every instance (the server's JCache, Hazelcast on a Payara cluster, or
 * Redis through Redisson's JCache provider). A shared store that fails makes misses, never errors.
 */
package io.sentio.cache;
