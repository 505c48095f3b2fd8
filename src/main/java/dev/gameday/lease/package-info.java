/**
 * The lab lease: one service at a time injects faults into a lab, held through a container on its
 * engine.
 */
package dev.gameday.lease;
