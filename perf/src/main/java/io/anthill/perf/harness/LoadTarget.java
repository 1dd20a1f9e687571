package io.anthill.perf.harness;

/**
 * What the load generator drives: the embedded 3-replica cluster, an external cluster, or an in-process
 * {@link SimulatedTarget} that measures the generator itself.
 *
 * <p>Both methods are called only from the generator's thread, so a target needs no locks: it sends from
 * {@link #send} and, in {@link #poll}, reads whatever responses have arrived (an Aeron subscription poll, say) and
 * reports each one to the handler. Neither method may block: a blocked generator stops sending on schedule and,
 * although latency is still charged from the intended send time, it could no longer measure anything else.
 *
 * <p>Times are on the generator's clock ({@link LoadGeneratorContext#clock()}); in production that is
 * {@code System.nanoTime()}, so a target that reads {@code System.nanoTime()} itself is on the same clock.
 */
public interface LoadTarget extends AutoCloseable
{
    /**
     * Sends one request without waiting for its response.
     *
     * @param type what to send; {@link OperationType#index()} is a dense index to switch on.
     * @param correlationId unique within a run, increasing; give it back to the handler with the response.
     * @param sessionIndex which client session sends it, {@code 0 <= sessionIndex < Workload#sessionCount()}.
     * @param partitionIndex which partition it is for, {@code 0 <= partitionIndex < Workload#partitionCount()}.
     * @param intendedTimeNs when the schedule meant it to be sent; latency is measured from here, not from now.
     * @return {@code true} if sent; {@code false} under back-pressure, in which case the generator offers the same
     *     request again on its next duty cycle and the wait is charged to its latency.
     */
    boolean send(OperationType type, long correlationId, int sessionIndex, int partitionIndex, long intendedTimeNs);

    /**
     * Reports responses that have arrived since the last poll.
     *
     * @param handler told of each response, on the calling thread.
     * @param responseCountMax the most responses to report in this call, so sending is never starved.
     * @return the number of responses reported, for the duty cycle's work count.
     */
    int poll(CompletionHandler handler, int responseCountMax);

    /**
     * Releases what the target holds (connections, an embedded cluster); scenarios call it when their run ends.
     * Does nothing unless overridden.
     */
    @Override
    default void close()
    {
    }
}
