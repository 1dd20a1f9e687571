package io.anthill.replication.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.anthill.codecs.client.ControlRequestEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.engine.SubmitResult;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import io.anthill.replication.aeron.LoopbackPorts;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/ctl} against a real three-host cluster in this JVM: three {@link ClusterNode}s with their own media
 * drivers on 127.0.0.1, two partitions replicated three ways, and the tool's own media driver, over Aeron UDP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlMainTest
{
    private static final String CREDENTIAL = "test-admin-credential";
    private static final int HOSTS = 3;
    private static final int PARTITIONS = 2;
    private static final int WRITES = 50;
    private static final long SETTLE_TIMEOUT_MS = 30_000;

    @TempDir
    static Path dir;

    private final List<ClusterNode> nodes = new ArrayList<>();
    private Path clusterFile;
    private String clusterText;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    void startCluster() throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (int host = 1; host <= HOSTS; host++)
        {
            text.append("host-").append(host).append(".replication = ").append(LoopbackPorts.freeEndpoint()).append('\n')
                .append("host-").append(host).append(".client = ").append(LoopbackPorts.freeEndpoint()).append('\n')
                .append("host-").append(host).append(".data = host-").append(host).append('\n');
        }
        text.append("partitions = ").append(PARTITIONS).append("\nreplication.factor = 3\nelection.timeout.ms = 2000\n")
            .append("admin.credential = ")
            .append(CREDENTIAL).append('\n');
        clusterText = text.toString();
        clusterFile = dir.resolve("cluster.conf");
        Files.writeString(clusterFile, clusterText, StandardCharsets.UTF_8);
        final ClusterFile cluster = ClusterFile.load(clusterFile);
        for (int host = 0; host < HOSTS; host++)
        {
            nodes.add(ClusterNode.launch(cluster, host, new RunningTotalDomain(), Throwable::printStackTrace));
        }
        await("every partition has a primary", () -> primaryOf(0) >= 0 && primaryOf(1) >= 0);
        final UnsafeBuffer amount = RunningTotalDomain.amount(1);
        for (int i = 1; i <= WRITES; i++)
        {
            final int requestId = i;
            await("write " + i + " accepted", () -> primaryOf(0) >= 0 && nodes.get(primaryOf(0)).replicas().partition(0)
                .submit(7, requestId, amount, 0, amount.capacity()) == SubmitResult.ACCEPTED);
        }
        await("every replica applied the writes", () -> nodes.stream().allMatch(node ->
            node.replicas().partition(0).appliedOp() >= WRITES && node.replicas().publishedCommitOp(0) >= WRITES &&
            node.replicas().publishedDurableOp(0) >= WRITES));
    }

    @BeforeEach
    void clearOutput()
    {
        out.reset();
        err.reset();
    }

    @AfterAll
    void stopCluster()
    {
        CloseHelper.quietCloseAll(nodes);
    }

    @Test
    void shouldListEveryReplicaWithItsRoleViewOpNumbersAndLag()
    {
        await("ctl partitions shows one primary and two followers per partition", () ->
        {
            out.reset();
            return ctl("partitions") == 0 && settled(out(), 0) && settled(out(), 1);
        });

        final String table = out();
        assertTrue(table.lines().findFirst().orElse("").matches(
            " *partition +host +role +view +op +commit +applied +lag"), table);
        assertEquals(1 + PARTITIONS * HOSTS, table.lines().count(), table);
        for (int host = 1; host <= HOSTS; host++)
        {
            final String row = row(table, 0, "host-" + host);
            final String[] cells = row.trim().split(" +");
            assertTrue(Long.parseLong(cells[4]) >= WRITES && Long.parseLong(cells[5]) >= WRITES &&
                Long.parseLong(cells[6]) >= WRITES, row);
            assertEquals("primary".equals(cells[2]) ? "-" : "0", cells[7], row);
        }
    }

    /**
     * @return true if the table shows the partition with one primary and followers only, all in the primary's view and
     * caught up with it.
     */
    private static boolean settled(final String table, final int partitionId)
    {
        int primaries = 0;
        int followers = 0;
        final List<String> views = new ArrayList<>();
        for (int host = 1; host <= HOSTS; host++)
        {
            final String[] cells = row(table, partitionId, "host-" + host).trim().split(" +");
            primaries += "primary".equals(cells[2]) ? 1 : 0;
            followers += "follower".equals(cells[2]) ? 1 : 0;
            views.add(cells[3]);
            followers -= cells.length == 8 && ("-".equals(cells[7]) || "0".equals(cells[7])) ? 0 : HOSTS;
        }
        return primaries == 1 && followers == HOSTS - 1 && views.stream().distinct().count() == 1;
    }

    @Test
    void shouldSnapshotThePartitionOnEveryReplica()
    {
        assertEquals(0, ctl("snapshot", "1"), err());

        assertTrue(out().matches("snapshot of partition 1 requested on its primary host-\\d: every replica takes it at " +
            "the same op\\R"), out());
        await("every replica of partition 1 wrote a snapshot", () -> nodes.stream().allMatch(node ->
            hasFiles(dir.resolve(node.hostName()).resolve("partition-1").resolve("snapshots"))));
    }

    @Test
    void shouldStepThePrimaryDownToTheNextReplica()
    {
        await("partition 0 has a primary", () -> primaryOf(0) >= 0);
        final int before = primaryOf(0);

        assertEquals(0, ctl("step-down", "0"), err());

        final int next = (before + 1) % HOSTS;
        assertTrue(out().matches("partition 0: primary host-" + (before + 1) + " \\(view \\d+\\) handed over to host-" +
            (next + 1) + " \\(view \\d+\\)\\R"), out());
        await("host-" + (next + 1) + " reports itself primary", () -> primaryOf(0) == next);
    }

    @Test
    void shouldRemoveAndAddBackOneReplicaOfAPartition()
    {
        assertEquals(0, ctl("remove-partition", "1", "--host", "host-3"), err());
        assertTrue(out().startsWith("partition 1 removed from host-3;"), out());
        out.reset();
        assertEquals(0, ctl("partitions"), err());
        assertTrue(row(out(), 1, "host-3").matches(" *1 +host-3 +not-hosted .*"), out());
        assertTrue(row(out(), 0, "host-3").matches(" *0 +host-3 +[a-z]+ +\\d+ .*"), "partition 0 stays: " + out());

        out.reset();
        assertEquals(0, ctl("add-partition", "1", "--host", "host-3"), err());
        assertTrue(out().matches("partition 1 added on host-3\\Rpartition 1: primary host-\\d \\(view \\d+\\)\\R"),
            out());
        await("host-3's replica of partition 1 rejoins and catches up", () ->
        {
            out.reset();
            return ctl("partitions") == 0 && settled(out(), 1);
        });

        assertEquals(1, ctl("remove-partition", "1", "--host", "host-9"));
        assertTrue(err().contains("host-9 is not in the group of partition 1 (host-2, host-3, host-1)"), err());
    }

    @Test
    void shouldRefuseAWrongCredentialAndSayWhichOneToUse()
    {
        assertEquals(1, ctl("--credential", "not-the-admin-credential", "partitions"));

        assertTrue(err().contains("host-1 (") && err().contains("refused: wrong admin credential") &&
            err().contains("admin.credential"), err());
        assertEquals("", out());
    }

    @Test
    void shouldTakeTheCredentialFromTheEnvironmentOverTheClusterFile()
    {
        final int status = CtlMain.run(new String[]{"--cluster", clusterFile.toString(), "partitions"},
            Map.of(CtlMain.CREDENTIAL_ENV, "not-the-admin-credential"), print(out), print(err));

        assertEquals(1, status);
        assertTrue(err().contains("wrong admin credential"), err());
    }

    @Test
    void shouldRefuseAnUnknownPartitionWithTheRangeThatExists()
    {
        assertEquals(1, ctl("snapshot", "7"));

        assertTrue(err().contains("unknown partition '7'") && err().contains("partitions 0..1"), err());
    }

    @Test
    void shouldShowAnUnreachableHostInTheTableAndFail() throws IOException
    {
        final String host3Client = clusterText.lines().filter(line -> line.startsWith("host-3.client")).findFirst()
            .orElseThrow();
        final Path elsewhere = dir.resolve("host-3-moved.conf");
        Files.writeString(elsewhere, clusterText.replace(host3Client, "host-3.client = " + LoopbackPorts.freeEndpoint()),
            StandardCharsets.UTF_8);

        final int status = CtlMain.run(new String[]{"--cluster", elsewhere.toString(), "--timeout-ms", "1000",
            "partitions"}, Map.of(), print(out), print(err));

        assertEquals(1, status);
        assertTrue(err().contains("host-3 (127.0.0.1:") && err().contains("is not reachable"), err());
        assertTrue(row(out(), 0, "host-3").matches(" *0 +host-3 +unreachable .*"), out());
        assertTrue(row(out(), 0, "host-1").matches(" *0 +host-1 +[a-z-]+ +\\d+ .*"), out());
    }

    @Test
    void shouldDropAndCountARequestThatSaysNowhereToAnswer() throws IOException
    {
        final String host1Client = clusterText.lines().filter(line -> line.startsWith("host-1.client")).findFirst()
            .orElseThrow().replaceAll(".*= *", "");
        final long droppedBefore = controlAnswersDropped();
        final UnsafeBuffer v2 = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + 13 + 4]);
        new MessageHeaderEncoder().wrap(v2, 0).blockLength(13).templateId(ControlRequestEncoder.TEMPLATE_ID)
            .schemaId(ControlRequestEncoder.SCHEMA_ID).version(2);
        final Path driverDirectory = Files.createTempDirectory(dir, "sender-");
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(driverDirectory, Throwable::printStackTrace);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication publication = aeron.addPublication("aeron:udp?endpoint=" + host1Client,
                ClusterNode.CONTROL_STREAM_ID))
        {
            await("the version 2 request is sent", () -> publication.offer(v2) > 0);
            await("host-1 counts the request it cannot answer", () -> controlAnswersDropped() > droppedBefore);
        }
        assertEquals(0, ctl("partitions"), "the control plane still answers: " + err());
    }

    private long controlAnswersDropped()
    {
        try (CountersFile file = CountersFile.open(dir.resolve("host-1")))
        {
            final CountersReader reader = file.reader();
            final long[] value = {-1};
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (label.equals("host-1: control answers dropped"))
                {
                    value[0] = reader.getCounterValue(counterId);
                }
            });
            return value[0];
        }
    }

    @Test
    void shouldPrintUsageForAMissingClusterFileOrCommand()
    {
        assertEquals(2, ctl());
        assertTrue(err().contains("usage: scripts/ctl"), err());
        assertEquals(2, CtlMain.run(new String[]{"partitions"}, Map.of(), print(out), print(err)));
        assertTrue(err().contains("--cluster FILE is required"), err());
        assertEquals(2, ctl("snapshot"));
        assertEquals(2, ctl("snapshot", "0", "--host", "host-1"));
        assertTrue(err().contains("--host goes only with add-partition and remove-partition"), err());
        assertEquals(2, ctl("--timeout-ms", "soon", "partitions"));
        assertTrue(err().contains("--timeout-ms must be a positive whole number"), err());
    }

    private int ctl(final String... args)
    {
        final String[] withCluster = Stream.concat(Stream.of("--cluster", clusterFile.toString()), Stream.of(args))
            .toArray(String[]::new);
        return CtlMain.run(withCluster, Map.of(), print(out), print(err));
    }

    private int primaryOf(final int partitionId)
    {
        for (int host = 0; host < nodes.size(); host++)
        {
            if (nodes.get(host).replicas().publishedStatus(partitionId) == 1)
            {
                return host;
            }
        }
        return -1;
    }

    private static String row(final String table, final int partitionId, final String host)
    {
        return table.lines().filter(line -> line.matches(" *" + partitionId + " +" + host + " .*")).findFirst()
            .orElse("no row for partition " + partitionId + " on " + host);
    }

    private static boolean hasFiles(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.findAny().isPresent();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void await(final String what, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
