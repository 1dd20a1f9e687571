package io.anthill.perf.aeroncluster;

import java.util.Arrays;

import io.anthill.replication.aeron.LoopbackPorts;

/**
 * The UDP ports of a 3-member Aeron Cluster on 127.0.0.1, chosen free when the cluster is laid out so that runs (and
 * tests running at the same time) never collide; serialised as one argument for the member processes.
 */
final class ClusterLayout
{
    /** Members in the comparison's cluster, as in our replicated group. */
    static final int MEMBER_COUNT = 3;
    static final String HOST = "127.0.0.1";

    private static final int INGRESS = 0;
    private static final int CONSENSUS = 1;
    private static final int LOG = 2;
    private static final int CATCHUP = 3;
    private static final int ARCHIVE_CONTROL = 4;
    private static final int LOG_CONTROL = 5;
    private static final int PORTS_PER_MEMBER = 6;

    private final int[] ports;

    private ClusterLayout(final int[] ports)
    {
        if (ports.length != MEMBER_COUNT * PORTS_PER_MEMBER)
        {
            throw new IllegalArgumentException("expected " + MEMBER_COUNT * PORTS_PER_MEMBER + " ports, got " + ports.length);
        }
        this.ports = ports;
    }

    static ClusterLayout allocate()
    {
        final int[] ports = new int[MEMBER_COUNT * PORTS_PER_MEMBER];
        for (int i = 0; i < ports.length; i++)
        {
            ports[i] = LoopbackPorts.freeUdpPort();
        }
        return new ClusterLayout(ports);
    }

    static ClusterLayout parse(final String text)
    {
        return new ClusterLayout(Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    String format()
    {
        final StringBuilder text = new StringBuilder();
        for (final int port : ports)
        {
            text.append(text.isEmpty() ? "" : ",").append(port);
        }
        return text.toString();
    }

    /**
     * @return the consensus module's {@code clusterMembers}: {@code id,ingress,consensus,log,catchup,archive|...}.
     */
    String clusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int member = 0; member < MEMBER_COUNT; member++)
        {
            members.append(member)
                .append(',').append(endpoint(member, INGRESS))
                .append(',').append(endpoint(member, CONSENSUS))
                .append(',').append(endpoint(member, LOG))
                .append(',').append(endpoint(member, CATCHUP))
                .append(',').append(endpoint(member, ARCHIVE_CONTROL))
                .append('|');
        }
        return members.toString();
    }

    /**
     * @return the client's {@code ingressEndpoints}: {@code id=host:port,...}.
     */
    String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int member = 0; member < MEMBER_COUNT; member++)
        {
            endpoints.append(member == 0 ? "" : ",").append(member).append('=').append(endpoint(member, INGRESS));
        }
        return endpoints.toString();
    }

    String archiveControlEndpoint(final int member)
    {
        return endpoint(member, ARCHIVE_CONTROL);
    }

    String logControlEndpoint(final int member)
    {
        return endpoint(member, LOG_CONTROL);
    }

    private String endpoint(final int member, final int port)
    {
        return HOST + ":" + ports[member * PORTS_PER_MEMBER + port];
    }
}
