package dev.sluice.engine.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The PID rate estimator: calibration, steady state, backlog and the minimum rate. */
class PIDRateEstimatorTest {

    @Test
    void theFirstBatchOnlyCalibrates() {
        PIDRateEstimator p = new PIDRateEstimator(1_000_000);
        assertTrue(p.compute(1_000_000, 1000, 500_000, 0).isEmpty());
    }

    @Test
    void nothingToLearnFromEmptyOrInstantOrOldBatches() {
        PIDRateEstimator p = new PIDRateEstimator(1_000_000);
        p.compute(1_000_000, 1000, 500_000, 0);
        assertTrue(p.compute(2_000_000, 0, 500_000, 0).isEmpty());
        assertTrue(p.compute(2_000_000, 100, 0, 0).isEmpty());
        assertTrue(p.compute(1_000_000, 100, 10_000, 0).isEmpty());
    }

    @Test
    void aSteadyRateWithoutBacklogStaysPut() {
        PIDRateEstimator p = new PIDRateEstimator(1_000_000);
        p.compute(1_000_000, 2000, 1_000_000, 0);                     // processed at 2000/s
        OptionalDouble r = p.compute(2_000_000, 2000, 1_000_000, 0);
        assertEquals(2000.0, r.getAsDouble(), 1e-9);
    }

    @Test
    void slowProcessingAndABacklogLowerTheRate() {
        PIDRateEstimator p = new PIDRateEstimator(1_000_000);
        p.compute(1_000_000, 2000, 1_000_000, 0);                     // 2000/s
        double r = p.compute(2_000_000, 2000, 2_000_000, 0).getAsDouble();   // now only 1000/s
        assertEquals(1000.0, r, 1e-9);                      // proportional term: 2000 - 1 * (2000 - 1000)
        PIDRateEstimator q = new PIDRateEstimator(1_000_000);
        q.compute(1_000_000, 1000, 1_000_000, 0);
        double withBacklog = q.compute(2_000_000, 1000, 1_000_000, 2_000_000).getAsDouble();   // 2 s of scheduling delay
        assertEquals(1000 - 0.2 * (2000 * 1000.0 / 1000), withBacklog, 1e-9);
    }

    @Test
    void neverBelowTheMinimumRate() {
        PIDRateEstimator p = new PIDRateEstimator(1_000_000);
        p.compute(1_000_000, 10, 1_000_000, 0);
        assertEquals(100.0, p.compute(2_000_000, 10, 10_000_000, 100_000_000).getAsDouble(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new PIDRateEstimator(0));
    }
}
