package dev.sluice.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest sustained input rate of a workload on one engine: probes a rate, moves up or
 * down by the processing time it measured (at most 4x per step) until it has a sustained rate and a
 * failed one, then bisects (geometrically) until they are within the requested precision or the trials
 * run out (a search that has not yet found both, or whose two are still more than twice the precision
 * apart, gets up to twice the trials). The answer is always a
 * rate that passed a full trial, never an extrapolation; when no trial failed it is a lower bound.
 *
 * <p>A trial that fails right after a trial the driver aborted (its engine fell too far behind) is
 * run once more at the same rate, and the second verdict counts: in one JVM, the trial after such
 * an abort has run measurably slower on both engines, which would cap the search below what the
 * engine sustains once it has recovered. Both runs count as trials.
 */
public final class RateSearch {

    /** The outcome: best sustained rate (0 if none), lowest failed rate (infinite if none), trials run. */
    public record Result(double sustained, double failed, int trials, Trial best, double perCpuSecond,
                         double machineBusy) {
    }

    private RateSearch() {
    }

    public static Result run(TrialDriver driver, Workload workload, long intervalMs, int warmup, int measured,
                             double startRate, double precision, int maxTrials, PrintStream log) throws Exception {
        // one unjudged run at half the start rate, so the first judged trial does not pay for JIT warm-up
        Trial warm = driver.run(workload, (int) Math.max(1, startRate / 2 * intervalMs / 1000), intervalMs,
                Math.max(1, warmup), Math.max(2, measured / 2));
        log.println("WARMUP " + workload + " " + warm.summary());
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double rate = startRate;
        Trial best = null;
        int trials = 0;
        List<Double> efficiency = new ArrayList<>();
        List<Double> busy = new ArrayList<>();
        boolean previousAborted = false;
        // Past maxTrials the search goes on (up to twice as many trials) only while it has not yet
        // found both a sustained and a failed rate, or while they are further apart than two steps
        // of the precision, so that the rate it reports is rarely open-ended or far below the limit.
        double wide = (1 + precision) * (1 + precision);
        while (trials < maxTrials || (trials < 2 * maxTrials && (lo == 0 || hi / lo > wide))) {
            int perBatch = (int) Math.max(1, round(rate * intervalMs / 1000.0));
            rate = perBatch * 1000.0 / intervalMs;
            Trial trial = driver.run(workload, perBatch, intervalMs, warmup, measured);
            trials++;
            if (!trial.sustained() && previousAborted) {
                log.println("TRIAL " + workload + " " + trial.summary() + " (after an aborted trial: run again)");
                trial = driver.run(workload, perBatch, intervalMs, warmup, measured);
                trials++;
            }
            previousAborted = trial.aborted();
            if (trial.sustained() && !Double.isNaN(trial.recordsPerCpuSecond())) {
                efficiency.add(trial.recordsPerCpuSecond());
            }
            if (!Double.isNaN(trial.machineBusy())) {
                busy.add(trial.machineBusy());
            }
            log.println("TRIAL " + workload + " " + trial.summary());
            log.flush();
            double mean = trial.meanProcessingMs();
            if (Double.isNaN(mean)) {
                mean = trial.batches().stream().mapToLong(BatchStat::processingMs).average().orElse(Double.NaN);
            }
            double estimate = Double.isNaN(mean) || mean <= 0 ? Double.NaN : rate * intervalMs / mean;
            double next;
            if (trial.sustained()) {
                if (rate > lo) {
                    lo = rate;
                    best = trial;
                }
                if (hi == Double.POSITIVE_INFINITY) {
                    next = Double.isNaN(estimate) ? rate * 2 : clamp(estimate * 0.95, rate * 1.25, rate * 4);
                } else {
                    next = Math.sqrt(lo * hi);
                }
            } else {
                hi = Math.min(hi, rate);
                if (lo == 0) {
                    next = Double.isNaN(estimate) ? rate / 4 : clamp(estimate * 0.9, rate / 8, rate / 1.25);
                } else {
                    next = Math.sqrt(lo * hi);
                }
            }
            if (lo > 0 && hi / lo <= 1 + precision) {
                break;
            }
            if (hi < 1000.0 / intervalMs * 2) {
                break; // cannot even sustain a couple of records per batch
            }
            rate = next;
        }
        // records per CPU-second: the best of the passing trials (the least disturbed by other load)
        double perCpu = efficiency.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double meanBusy = busy.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new Result(lo, hi, trials, best, perCpu, meanBusy);
    }

    /** Rounds to two significant digits plus a half step, so probes land on readable rates. */
    static double round(double value) {
        if (value < 100) {
            return Math.round(value);
        }
        double scale = Math.pow(10, Math.floor(Math.log10(value)) - 1);
        return Math.round(value / scale * 2) / 2.0 * scale;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
