/**
 * Everything that waits or runs on a thread: the clock, Sleeper, Retry, Scheduler, Threads and Pacer,
 * so that tests run on FakeTime.
 */
package dev.gameday.time;
