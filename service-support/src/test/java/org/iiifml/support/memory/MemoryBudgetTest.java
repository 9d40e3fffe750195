package org.iiifml.support.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    static final long MB = 1 << 20;

    /** Two reservations of 600 MB in a 1 GB budget: the second waits until the first is given back. */
    @Test
    void aReservationWaitsWhileOthersHoldTheRest() throws Exception {
        MemoryBudget budget = new MemoryBudget("decode", 1024 * MB);
        MemoryBudget.Reservation first = budget.reserve(600 * MB);
        assertThat(budget.available()).isEqualTo(424 * MB);
        CompletableFuture<MemoryBudget.Reservation> second = CompletableFuture.supplyAsync(() -> budget.reserve(600 * MB));
        Thread.sleep(200);
        assertThat(second).as("waiting while 600 MB are held").isNotDone();
        first.close();
        MemoryBudget.Reservation got = second.get(5, TimeUnit.SECONDS);
        assertThat(budget.available()).isEqualTo(424 * MB);
        got.close();
        got.close(); // given back once only
        assertThat(budget.available()).isEqualTo(1024 * MB);
    }

    @Test
    void aReservationLargerThanTheBudgetIsRefusedNotQueued() {
        MemoryBudget budget = new MemoryBudget("decode", 100 * MB);
        assertThatThrownBy(() -> budget.reserve(101 * MB))
                .isInstanceOf(MemoryBudget.TooLarge.class)
                .hasMessage("it would take 101 MB of memory, and the decode budget is 100 MB");
        assertThat(budget.available()).isEqualTo(100 * MB);
    }

    @Test
    void theBudgetsFollowTheHeap() {
        MemoryProperties memory = new MemoryProperties(0.4, 0.25);
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(memory.decodeBudget().capacity()).isBetween((long) (heap * 0.4) - 1024, (long) (heap * 0.4));
        assertThat(memory.documentBudget().capacity()).isBetween((long) (heap * 0.25) - 1024, (long) (heap * 0.25));
        assertThatThrownBy(() -> new MemoryProperties(0, 0.25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryProperties(0.4, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
