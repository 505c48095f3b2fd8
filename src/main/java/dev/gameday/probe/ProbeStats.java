package dev.gameday.probe;

import org.HdrHistogram.Histogram;

/** Ack latency of the acknowledged sends of a run, in microseconds (HdrHistogram, 3 digits). */
public record ProbeStats(long acknowledged, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    static ProbeStats of(Histogram h) {
        return new ProbeStats(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
