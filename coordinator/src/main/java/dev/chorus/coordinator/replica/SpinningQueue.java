package dev.chorus.coordinator.replica;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A queue whose taker looks for the next element for a short while, yielding the processor between looks, before
 * it blocks. A statement's calls go to two or three replica threads and their answers come back to the client
 * thread: waking a parked thread costs tens of microseconds on a small virtual machine, several times what an
 * in-memory engine takes for a primary-key select, and the next call of an active session usually comes within
 * that while. See BENCHMARKS.md ("Statement path").
 */
public final class SpinningQueue<E> extends LinkedBlockingQueue<E> {
    private static final long serialVersionUID = 1L;

    /** How long a taker looks before it blocks. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    @Override
    public E take() throws InterruptedException {
        E e = spin(SPIN_NANOS);
        return e != null ? e : super.take();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long spin = Math.min(nanos, SPIN_NANOS);
        long start = System.nanoTime();
        E e = spin(spin);
        return e != null ? e : super.poll(nanos - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
    }

    private E spin(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return null;
        }
        long end = System.nanoTime() + nanos;
        do {
            E e = poll();
            if (e != null) {
                return e;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.yield();
        } while (System.nanoTime() - end < 0);
        return null;
    }
}
