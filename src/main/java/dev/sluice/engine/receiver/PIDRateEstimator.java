package dev.sluice.engine.receiver;

import java.util.OptionalDouble;

/**
 * Estimates the input rate a stream can sustain from batch statistics, with a
 * proportional-integral-derivative controller (the scheme of Spark Streaming's backpressure).
 *
 * <p>The error is the difference between the rate last set and the rate the last batch was
 * processed at; the integral term is the backlog, measured as the scheduling delay times the
 * processing rate, spread over a batch interval. The first batch only calibrates. Not thread-safe:
 * call from one thread.
 */
public final class PIDRateEstimator {

    private final long batchIntervalMicros;
    private final double proportional;
    private final double integral;
    private final double derivative;
    private final double minRate;
    private boolean firstRun = true;
    private long latestTime = -1;
    private double latestRate = -1;
    private double latestError = -1;

    /** Creates an estimator with Spark's defaults: proportional 1, integral 0.2, derivative 0, minimum 100 records/s. */
    public PIDRateEstimator(long batchIntervalMicros) {
        this(batchIntervalMicros, 1.0, 0.2, 0.0, 100);
    }

    /** Creates an estimator with the given gains and minimum rate. */
    public PIDRateEstimator(long batchIntervalMicros, double proportional, double integral, double derivative, double minRate) {
        if (batchIntervalMicros <= 0 || proportional < 0 || integral < 0 || derivative < 0 || minRate <= 0) {
            throw new IllegalArgumentException("batch interval and minimum rate must be positive and gains not negative");
        }
        this.batchIntervalMicros = batchIntervalMicros;
        this.proportional = proportional;
        this.integral = integral;
        this.derivative = derivative;
        this.minRate = minRate;
    }

    /**
     * Returns a new rate in records per second from the batch of {@code time}, which held
     * {@code elements} records, took {@code processingDelay} and waited {@code schedulingDelay}
     * (all in microseconds, as batch times are); empty when there is nothing to learn from it.
     */
    public OptionalDouble compute(long time, long elements, long processingDelay, long schedulingDelay) {
        if (time <= latestTime || elements <= 0 || processingDelay <= 0) {
            return OptionalDouble.empty();
        }
        double secondsSinceUpdate = latestTime < 0 ? batchIntervalMicros / 1e6 : (time - latestTime) / 1e6;
        double processingRate = elements / (double) processingDelay * 1e6;
        double error = latestRate - processingRate;
        double historicalError = schedulingDelay * processingRate / batchIntervalMicros;
        double dError = (error - latestError) / secondsSinceUpdate;
        double newRate = Math.max(latestRate - proportional * error - integral * historicalError - derivative * dError, minRate);
        latestTime = time;
        if (firstRun) {
            latestRate = processingRate;
            latestError = 0;
            firstRun = false;
            return OptionalDouble.empty();
        }
        latestRate = newRate;
        latestError = error;
        return OptionalDouble.of(newRate);
    }
}
