package dev.chorus.coordinator.replica;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpinningQueueTest {
    @Test
    void takeReturnsWhatIsThereAndInOrder() throws InterruptedException {
        SpinningQueue<String> q = new SpinningQueue<>();
        q.add("a");
        q.add("b");
        assertThat(q.take()).isEqualTo("a");
        assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo("b");
    }

    @Test
    void aTakerThatFindsNothingWhileItLooksBlocksUntilAnElementComes() throws Exception {
        SpinningQueue<String> q = new SpinningQueue<>();
        AtomicReference<String> got = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread taker = new Thread(() -> {
            started.countDown();
            try {
                got.set(q.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        started.await();
        Thread.sleep(50); // well past the spin: the taker is blocked
        assertThat(got.get()).isNull();
        q.add("late");
        taker.join(10_000);
        assertThat(got.get()).isEqualTo("late");
    }

    @Test
    void pollGivesUpAtItsTimeoutEvenWhenShorterThanTheSpin() throws InterruptedException {
        SpinningQueue<String> q = new SpinningQueue<>();
        long start = System.nanoTime();
        assertThat(q.poll(1, TimeUnit.MICROSECONDS)).isNull();
        assertThat(q.poll(20, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void anInterruptedTakerStopsLooking() {
        SpinningQueue<String> q = new SpinningQueue<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
