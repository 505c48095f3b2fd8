package dev.gameday.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gameday.schedules")
public interface ScheduleConfig {

    /** Start with every schedule paused; POST /api/schedules/resume lets them fire. */
    @WithDefault("false")
    boolean paused();
}
