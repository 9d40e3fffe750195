package org.iiifml.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void uploadsPastTheWaitingRoomAreRefusedAtOnceAndJobItemsWait() throws Exception {
        Admission admission = new Admission("test", 1, 1, null);
        Admission.Permit first = admission.enter();
        CompletableFuture<Admission.Permit> waiter = CompletableFuture.supplyAsync(admission::enter);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (admission.waiting() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(admission.waiting()).isEqualTo(1);
        assertThatThrownBy(admission::enter).isInstanceOf(Admission.Busy.class)
                .satisfies(e -> assertThat(((Admission.Busy) e).retryAfterSeconds()).isPositive());

        CompletableFuture<Admission.Permit> item = CompletableFuture.supplyAsync(admission::await);
        first.close();
        first.close(); // once only: a second close gives back nothing
        // One turn: the upload and the job item get it one after the other, never both at once.
        Admission.Permit next = (Admission.Permit) CompletableFuture.anyOf(waiter, item).get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(waiter.isDone() && item.isDone()).as("both hold a turn at once").isFalse();
        next.close();
        waiter.get(5, TimeUnit.SECONDS).close();
        item.get(5, TimeUnit.SECONDS).close();
        assertThat(admission.enter()).as("every turn given back").isNotNull();
    }

    @Test
    void withNoWaitingRoomABusyUploadIsRefused() {
        Admission admission = new Admission("test", 2, 0, null);
        admission.enter();
        admission.enter();
        assertThatThrownBy(admission::enter).isInstanceOf(Admission.Busy.class).hasMessageContaining("test");
    }
}
