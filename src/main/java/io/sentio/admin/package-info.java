/**
 * Admin credentials: the bearer token that guards operations which change the server's state.
 */
package io.sentio.admin;
