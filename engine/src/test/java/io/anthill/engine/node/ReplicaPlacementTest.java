package io.anthill.engine.node;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplicaPlacementTest
{
    @Test
    void shouldStartPartitionGroupsAtHostPModNAndContinueInOrder()
    {
        final ReplicaPlacement placement = new ReplicaPlacement(8, 3, 2);

        assertEquals(List.of(1, 2), group(placement, 0));
        assertEquals(List.of(2, 3), group(placement, 1));
        assertEquals(List.of(3, 1), group(placement, 2));
        assertEquals(List.of(1, 2), group(placement, 3));
        assertEquals(List.of(3, 1), group(placement, 5));
        assertEquals(List.of(2, 3), group(placement, 7));
        assertEquals("host-3", ReplicaPlacement.hostName(placement.primaryHost(5)));
    }

    @Test
    void shouldSpreadPrimariesEvenlyOverHosts()
    {
        final ReplicaPlacement placement = new ReplicaPlacement(12, 3, 3);
        final int[] primaries = new int[4];
        for (int p = 0; p < 12; p++)
        {
            primaries[placement.primaryHost(p)]++;
        }
        assertEquals(List.of(4, 4, 4), List.of(primaries[1], primaries[2], primaries[3]));
    }

    @Test
    void shouldRankHostsWithinAGroup()
    {
        final ReplicaPlacement placement = new ReplicaPlacement(8, 3, 2);
        assertEquals(0, placement.rankOf(2, 3));
        assertEquals(1, placement.rankOf(2, 1));
        assertEquals(-1, placement.rankOf(2, 2));
    }

    @Test
    void shouldRefuseAReplicationFactorAboveTheHostCount()
    {
        assertThrows(IllegalArgumentException.class, () -> new ReplicaPlacement(8, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new ReplicaPlacement(8, 3, 2).hostOf(8, 0));
    }

    private static List<Integer> group(final ReplicaPlacement placement, final int partition)
    {
        final List<Integer> hosts = new ArrayList<>();
        for (int rank = 0; rank < placement.replicationFactor(); rank++)
        {
            hosts.add(placement.hostOf(partition, rank));
        }
        return hosts;
    }
}
