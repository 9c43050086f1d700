package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs fixed-rate trials on an engine: keeps the engine's source queue a few batches ahead of its
 * clock with slices of the workload's pool, and collects the engine's own per-batch reports.
 *
 * <p>Both engines' queue streams take one queued batch per batch interval, so the input rate is
 * fixed at {@code perBatch} records per interval whether or not processing keeps up.
 */
public final class TrialDriver {
    private final StreamEngine engine;
    private volatile java.util.function.Consumer<BatchStat> observer = stat -> { };
    private volatile long startedAtMs = -1;
    private volatile boolean backlogAllowed;

    public TrialDriver(StreamEngine engine) {
        this.engine = engine;
    }

    /** Batch {@code i}'s records, when set: instead of slices of the workload's pool. */
    private volatile java.util.function.IntFunction<List<String>> batches;

    /**
     * Feeds batch {@code i} with {@code batches.apply(i)} instead of a slice of the workload's pool
     * (for a measurement that holds its own records in memory).
     */
    public TrialDriver batches(java.util.function.IntFunction<List<String>> batches) {
        this.batches = batches;
        return this;
    }

    /** Also calls {@code observer} on the engine's listener thread for every completed batch. */
    public TrialDriver observe(java.util.function.Consumer<BatchStat> observer) {
        this.observer = observer;
        return this;
    }

    /**
     * Lets trials run on while the engine falls behind (no abort; a longer deadline): for comparing
     * per-batch processing times and CPU per record on a machine too loaded to keep up with a rate.
     */
    public TrialDriver allowBacklog() {
        this.backlogAllowed = true;
        return this;
    }

    /** Wall-clock time at which the last trial's engine had started (its start call returned), or -1. */
    public long startedAtMs() {
        return startedAtMs;
    }

    public Trial run(Workload workload, int perBatch, long intervalMs, int warmup, int measured) throws Exception {
        // an empty stream needs no pool (and start-up measurements should not pay for one)
        Data data = perBatch == 0 ? null : workload.data();
        int total = warmup + measured;
        int ahead = (int) Math.max(3, 300 / intervalMs + 2);
        LinkedBlockingQueue<BatchStat> reports = new LinkedBlockingQueue<>();
        StreamEngine.Run run = engine.open(workload, intervalMs, stat -> {
            observer.accept(stat);
            reports.add(stat);
        });
        int fed = 0;
        for (; fed < Math.min(ahead, total); fed++) {
            run.offer(data == null ? List.of() : this.batches != null ? this.batches.apply(fed) : data.batch(fed, perBatch));
        }
        List<BatchStat> batches = new ArrayList<>();
        long cpuNanos = -1;
        long wallNanos = -1;
        double machineBusy = Double.NaN;
        boolean aborted = false;
        String note = "";
        long abortDelay = backlogAllowed ? Long.MAX_VALUE : Math.max(5 * intervalMs, 4000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                backlogAllowed ? total * intervalMs * 20 + 120_000 : total * intervalMs * 3 + 20_000);
        long poll = Math.max(1, Math.min(20, intervalMs / 2));
        long cpu0 = -1;
        long wall0 = 0;
        long[] machine0 = null;
        if (warmup == 0) {
            cpu0 = Cpu.processNanos();
            wall0 = System.nanoTime();
            machine0 = Cpu.machineJiffies();
        }
        run.start();
        startedAtMs = System.currentTimeMillis();
        try {
            while (batches.size() < total) {
                while (fed < total && run.pending() < ahead) {
                    run.offer(data == null ? List.of() : this.batches != null ? this.batches.apply(fed++) : data.batch(fed++, perBatch));
                }
                BatchStat stat = reports.poll(poll, TimeUnit.MILLISECONDS);
                if (stat != null) {
                    batches.add(stat);
                    if (batches.size() == warmup) {
                        cpu0 = Cpu.processNanos();
                        wall0 = System.nanoTime();
                        machine0 = Cpu.machineJiffies();
                    }
                    if (stat.schedulingDelayMs() > abortDelay) {
                        aborted = true;
                        note = "fell " + stat.schedulingDelayMs() + " ms behind";
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    aborted = true;
                    note = "timed out";
                    break;
                }
            }
        } finally {
            long cpu1 = Cpu.processNanos();
            long wall1 = System.nanoTime();
            long[] machine1 = Cpu.machineJiffies();
            run.stop();
            if (cpu0 >= 0 && machine0 != null) {
                cpuNanos = cpu1 - cpu0;
                wallNanos = wall1 - wall0;
                machineBusy = machine1[1] > machine0[1]
                        ? (double) (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]) : Double.NaN;
            }
        }
        batches.sort(Comparator.comparingLong(BatchStat::batchTimeMs));
        if (batches.size() > total) {
            batches = new ArrayList<>(batches.subList(0, total));
        }
        return new Trial(perBatch, intervalMs, warmup, batches, aborted, note, cpuNanos, wallNanos, machineBusy);
    }
}
