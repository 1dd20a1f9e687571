package io.anthill.replication.cluster;

import java.nio.file.Path;

import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterFileTest
{
    private static final String VALID = String.join("\n",
        "# a local cluster",
        "host-1.replication = 127.0.0.1:20101",
        "host-1.client = 127.0.0.1:20201",
        "host-1.data = run/host-1",
        "host-2.replication = 127.0.0.1:20102",
        "host-2.client = 127.0.0.1:20202",
        "host-2.data = run/host-2",
        "host-3.replication = 127.0.0.1:20103",
        "host-3.client = 127.0.0.1:20203",
        "host-3.data = run/host-3",
        "partitions = 4",
        "admin.credential = s3cret-admin-credential  # comment",
        "");

    @Test
    void shouldReadHostsInOrderWithDefaults()
    {
        final ClusterFile cluster = ClusterFile.parse(VALID, "test", Path.of("/srv"));

        assertEquals(3, cluster.hosts().size());
        assertEquals("127.0.0.1:20102", cluster.hosts().get(1).replication());
        assertEquals(Path.of("/srv/run/host-3"), cluster.hosts().get(2).data());
        assertEquals(4, cluster.partitions());
        assertEquals(ClusterFileDefaults.REPLICATION_FACTOR, cluster.replicationFactor());
        assertEquals(ClusterFileDefaults.ELECTION_TIMEOUT_MS, cluster.electionTimeoutMs());
        assertEquals("s3cret-admin-credential", cluster.adminCredential());
        assertEquals(2, cluster.indexOf("host-3"));
        assertEquals(RollCycles.FAST_DAILY, cluster.journalRollCycle());
    }

    @Test
    void shouldReadTheJournalRollAndRefuseOneItDoesNotKnow()
    {
        assertEquals(RollCycles.FAST_HOURLY,
            ClusterFile.parse(VALID + "journal.roll = 1h\n", "c", Path.of("/")).journalRollCycle());
        final ClusterFileException ex = assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID + "journal.roll = 2d\n", "c", Path.of("/")));
        assertTrue(ex.getMessage().contains("journal.roll must be one of") && ex.getMessage().contains("'2d'"),
            ex.getMessage());
    }

    @Test
    void shouldNameTheLineOfAnUnknownKey()
    {
        final ClusterFileException ex = assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID + "\nelection.timout.ms = 400\n", "c.conf", Path.of("/")));
        assertTrue(ex.getMessage().contains("c.conf:14") && ex.getMessage().contains("election.timout.ms"),
            ex.getMessage());
    }

    @Test
    void shouldRefuseAGapInTheHostNumbering()
    {
        final String gap = VALID.replace("host-2.", "host-4.");
        final ClusterFileException ex = assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(gap, "c.conf", Path.of("/")));
        assertTrue(ex.getMessage().contains("host-2"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnEvenReplicationFactorABadPortAndAShortCredential()
    {
        assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID + "replication.factor = 2\n", "c", Path.of("/")));
        assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID.replace(":20101", ":70101"), "c", Path.of("/")));
        assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID.replace("s3cret-admin-credential", "short"), "c", Path.of("/")));
        assertThrows(ClusterFileException.class,
            () -> ClusterFile.parse(VALID + "partitions = 5\n", "c", Path.of("/")));
    }
}
