package io.sentio.monitoring.control;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessLogTest {

    @Test
    void durationsHaveTwoDecimalsAsPercentTwoFWritesThem() {
        for (double millis : new double[] {0, 0.004, 0.05, 0.1, 5.5, 12.3, 99.999, 1234.567, 30_000.01}) {
            assertEquals(String.format(Locale.ROOT, "%.2f", millis),
                    AccessLog.hundredths(new StringBuilder(), millis).toString(), "for " + millis);
        }
    }
}
