/**
 * Faults as data: each kind plans effects, the injector applies and reverts them, FaultBook owns their
 * state, the journal survives a crash.
 */
package dev.gameday.fault;
