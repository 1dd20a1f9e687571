package io.anthill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Names the ring's stage threads after the partition and the stages, in the order the ring starts them, and keeps
 * them so tools and tests can inspect each stage thread (CPU and allocation per thread).
 */
final class StageThreadFactory implements ThreadFactory
{
    private final String prefix;
    private final List<String> stageNames;
    private final List<Thread> threads = new ArrayList<>();

    StageThreadFactory(final int partitionId, final int epoch, final List<String> stageNames)
    {
        this.prefix = "anthill-p" + partitionId + (epoch == 0 ? "" : "e" + epoch) + "-";
        this.stageNames = stageNames;
    }

    @Override
    public synchronized Thread newThread(final Runnable runnable)
    {
        final int index = threads.size();
        final String stage = index < stageNames.size() ? stageNames.get(index) : "stage" + index;
        final Thread thread = new Thread(runnable, prefix + stage);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    synchronized List<Thread> threads()
    {
        return new ArrayList<>(threads);
    }
}
