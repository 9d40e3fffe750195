package org.iiifml.support.memory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Shares of the heap that kinds of work may take at once, as fractions of the JVM's maximum heap
 * ({@code -Xmx}), so that the budgets follow the heap an operator gives a service.
 *
 * @param decodeBudgetFraction images being decoded at once, by the raster memory each will take (worked
 *     out from its header); a decode waits while others hold the rest, and one larger than the whole
 *     budget is refused (default 0.4)
 * @param documentBudgetFraction IIIF documents being parsed at once, by their estimated tree memory, in
 *     the fetcher (default 0.25)
 */
@ConfigurationProperties("suite.memory")
public record MemoryProperties(
        @DefaultValue("0.4") double decodeBudgetFraction,
        @DefaultValue("0.25") double documentBudgetFraction) {

    public MemoryProperties {
        if (!(decodeBudgetFraction > 0 && decodeBudgetFraction <= 1) || !(documentBudgetFraction > 0 && documentBudgetFraction <= 1)) {
            throw new IllegalArgumentException("suite.memory: decode-budget-fraction and document-budget-fraction lie in (0, 1]");
        }
    }

    /** The decode budget of this JVM. */
    public MemoryBudget decodeBudget() {
        return new MemoryBudget("decode", (long) (Runtime.getRuntime().maxMemory() * decodeBudgetFraction));
    }

    /** The document-parsing budget of this JVM. */
    public MemoryBudget documentBudget() {
        return new MemoryBudget("document", (long) (Runtime.getRuntime().maxMemory() * documentBudgetFraction));
    }
}
