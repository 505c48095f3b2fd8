/**
 * The command line (gameday run/suite): starts a run over HTTP, follows it and exits with its verdict.
 */
package dev.gameday.cli;
