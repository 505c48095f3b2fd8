/**
 * Who may call the API: users and roles from a file of PBKDF2 hashes (viewer, operator), over HTTP Basic.
 */
package dev.gameday.api.auth;
