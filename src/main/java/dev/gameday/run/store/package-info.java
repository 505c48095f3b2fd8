/**
 * Where runs and suite runs are kept: the results database (H2 or PostgreSQL) and the runs it has not
 * taken yet.
 */
package dev.gameday.run.store;
