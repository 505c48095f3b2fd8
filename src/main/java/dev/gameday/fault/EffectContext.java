package dev.gameday.fault;

import dev.gameday.docker.ContainerRuntime;
import dev.gameday.kafka.HealthGate;

/** What effects act through. */
public record EffectContext(ContainerRuntime runtime, HealthGate health) {}
