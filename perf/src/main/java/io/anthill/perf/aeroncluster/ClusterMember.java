package io.anthill.perf.aeroncluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.AuthorisationService;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

/**
 * One Aeron Cluster member: a {@link ClusteredMediaDriver} (media driver, archive, consensus module) and a
 * {@link ClusteredServiceContainer} running the {@link LedgerService}, each with its own directory under the member's
 * directory ({@code aeron}, {@code archive}, {@code cluster}, {@code service}).
 *
 * <p>Decision: every component idles with the same backoff as our engine's agents (100 spins, 10 yields, then parks
 * from 1 µs up to {@link #PARK_MAX_NS}); the driver and the archive run SHARED (one thread each). Three members, the
 * client and the load generator share 2 cores, so busy-spinning threads (Aeron's low-latency default) would starve
 * each other and measure the scheduler, not the cluster; backing off is what both systems do on this machine.
 * The archive does not fsync (Aeron's default {@code fileSyncLevel=0}).
 */
final class ClusterMember implements AutoCloseable
{
    /** The longest park of every member thread, as our engine's agents ({@code ReplicaNodeContext.AGENT_PARK_MAX_NS}). */
    static final long PARK_MAX_NS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final String UDP_EPHEMERAL = "aeron:udp?endpoint=" + ClusterLayout.HOST + ":0";

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;

    private ClusterMember(final ClusteredMediaDriver driver, final ClusteredServiceContainer container)
    {
        this.driver = driver;
        this.container = container;
    }

    /**
     * Starts a member in this JVM.
     *
     * @param fresh        delete the member's archive and cluster directories first (a new cluster); false to recover
     *                     from them (latest snapshot, then the log after it), as a restarted member does.
     * @param memberId     0 to {@link ClusterLayout#MEMBER_COUNT} - 1.
     * @param memberDir    the member's own directory.
     * @param layout       every member's ports.
     * @param timeouts     the consensus timeouts.
     * @param errorHandler receives every component's errors.
     * @return the running member.
     */
    static ClusterMember launch(
        final boolean fresh, final int memberId, final Path memberDir, final ClusterLayout layout, final ClusterTimeouts timeouts,
        final ErrorHandler errorHandler)
    {
        final Supplier<IdleStrategy> idle = ClusterMember::idleStrategy;
        final String aeronDir = memberDir.resolve("aeron").toString();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errorHandler);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(memberDir.resolve("archive").toFile())
            .deleteArchiveOnStart(fresh)
            .archiveId(memberId)
            .controlChannel("aeron:udp?endpoint=" + layout.archiveControlEndpoint(memberId))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel(UDP_EPHEMERAL)
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel(UDP_EPHEMERAL))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle)
            .errorHandler(errorHandler);
        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(layout.clusterMembers())
            .clusterDir(memberDir.resolve("cluster").toFile())
            .deleteDirOnStart(fresh)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?control-mode=manual|control=" + layout.logControlEndpoint(memberId))
            .replicationChannel(UDP_EPHEMERAL)
            .leaderHeartbeatIntervalNs(timeouts.leaderHeartbeatIntervalNs())
            .leaderHeartbeatTimeoutNs(timeouts.leaderHeartbeatTimeoutNs())
            .electionTimeoutNs(timeouts.electionTimeoutNs())
            .authorisationServiceSupplier(() -> AuthorisationService.ALLOW_ALL)
            .idleStrategySupplier(idle)
            .archiveContext(localArchive.clone())
            .errorHandler(errorHandler);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(memberDir.resolve("service").toFile())
            .clusteredService(new LedgerService(memberDir))
            .idleStrategySupplier(idle)
            .errorHandler(errorHandler);
        ClusteredMediaDriver driver = null;
        try
        {
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            return new ClusterMember(driver, ClusteredServiceContainer.launch(serviceContext));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), PARK_MAX_NS);
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
    }
}
