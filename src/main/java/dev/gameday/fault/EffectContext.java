package dev.gameday.fault;

import dev.gameday.docker.ContainerRuntime;

/** What effects act through. */
public record EffectContext(ContainerRuntime runtime, HealthGate health) {}
