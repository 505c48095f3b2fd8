/**
 * The only user of docker-java: ContainerRuntime and its Docker implementation, helper containers, the
 * engines and how their failures are reported.
 */
package dev.gameday.docker;
