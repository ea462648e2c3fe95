/**
 * Admin credentials: the bearer token that guards operations which change the server's state. Resources mark
 * such methods {@link io.sentio.admin.AdminOnly}; the name-bound filter in {@code boundary} checks the token.
 */
package io.sentio.admin;
