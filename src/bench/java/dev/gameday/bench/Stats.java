package dev.gameday.bench;

import java.util.Arrays;
import java.util.List;

/** Median and percentiles of a list of samples, for the benchmarks' printed tables. */
record Stats(double median, double p95, double max) {

    static Stats of(List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(percentile(sorted, 50), percentile(sorted, 95), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {median, p95, max});
    }
}
