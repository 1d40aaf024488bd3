package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void endsWhenTwoWindowsInARowGrowLessThanFivePercent() {
        WarmUp warmUp = windows(Duration.ofSeconds(60), Duration.ofMinutes(10), 40, 75, 73, 80, 108, 112, 122);

        assertThat(warmUp.over()).as("112 then 122: still growing").isFalse();

        warmUp.window(Duration.ofSeconds(240), 125);
        assertThat(warmUp.over()).as("122 then 125 after 112 -> 122").isFalse();
        warmUp.window(Duration.ofSeconds(270), 127);
        assertThat(warmUp.warm()).isTrue();
        assertThat(warmUp.over()).isTrue();
    }

    @Test
    void aFlatStartDoesNotEndItBeforeTheLeastWarmUp() {
        WarmUp warmUp = windows(Duration.ofSeconds(120), Duration.ofMinutes(10), 50, 50, 50);

        assertThat(warmUp.elapsed()).isEqualTo(Duration.ofSeconds(90));
        assertThat(warmUp.over()).isFalse();
        warmUp.window(Duration.ofSeconds(120), 50);
        assertThat(warmUp.over()).isTrue();
    }

    @Test
    void endsAtItsLimitStillWarming() {
        WarmUp warmUp = windows(Duration.ofSeconds(30), Duration.ofSeconds(90), 10, 20, 30);

        assertThat(warmUp.over()).isTrue();
        assertThat(warmUp.warm()).isFalse();
        assertThat(warmUp.summary()).containsEntry("warm", false).containsEntry("seconds", 90.0);
    }

    /** Windows of 30 s at the given rates. */
    private static WarmUp windows(Duration least, Duration most, double... rates) {
        WarmUp warmUp = new WarmUp(least, most);
        for (int i = 0; i < rates.length; i++) {
            warmUp.window(WarmUp.WINDOW.multipliedBy(i + 1), rates[i]);
        }
        return warmUp;
    }
}
