package io.anthill.journal;

/**
 * Receives the entries a {@link JournalReader} delivers, in op order.
 */
@FunctionalInterface
public interface JournalEntryHandler
{
    /**
     * Called once per surviving entry. The entry is a reused flyweight: copy what you keep, because it is overwritten
     * by the next entry.
     *
     * @param entry the verified entry, valid only during this call.
     */
    void onEntry(JournalEntry entry);
}
