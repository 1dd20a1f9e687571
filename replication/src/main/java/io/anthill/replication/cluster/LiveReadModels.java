package io.anthill.replication.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.anthill.codecs.client.ControlAction;

/**
 * Asks one live host, over the control plane, for the digests of a partition's read models (each at the op it has
 * reached), so an offline replay can be checked against a running replica ({@code scripts/replay --verify-against
 * host-N --cluster FILE}). A tool's call: it starts its own media driver for the duration.
 */
public final class LiveReadModels
{
    private LiveReadModels()
    {
    }

    /**
     * @param cluster     the cluster file.
     * @param hostName    the host to ask, {@code host-N}.
     * @param partitionId a partition the host has a replica of.
     * @param credential  the admin credential.
     * @param timeoutMs   how long to wait for the answer.
     * @return the partition's read models, in the partition's order.
     * @throws IllegalArgumentException when the host is not in the cluster file.
     * @throws IllegalStateException    when the host is unreachable, does not answer, or refuses; the message says why
     *                                  and what to do.
     */
    public static List<ReadModelDigest> fetch(
        final ClusterFile cluster, final String hostName, final int partitionId, final String credential,
        final long timeoutMs)
    {
        final int hostIndex = hostIndexOf(cluster, hostName);
        final List<String> driverErrors = new CopyOnWriteArrayList<>();
        try (ControlPlaneClient client = new ControlPlaneClient(cluster, credential.getBytes(StandardCharsets.UTF_8),
            CtlArguments.RESPONSE_HOST_DEFAULT, ex -> driverErrors.add("media driver: " + ex.getMessage())))
        {
            final ControlPlaneClient.Answer answer = client.ask(List.of(hostIndex), ControlAction.READ_MODEL_DIGESTS,
                partitionId, timeoutMs).get(0);
            if (answer.outcome() != ControlPlaneClient.Outcome.DONE)
            {
                throw new IllegalStateException(CtlMain.failureMessage(cluster, answer, timeoutMs) +
                    (driverErrors.isEmpty() ? "" : " " + driverErrors));
            }
            return answer.readModels();
        }
    }

    private static int hostIndexOf(final ClusterFile cluster, final String hostName)
    {
        for (int i = 0; i < cluster.hosts().size(); i++)
        {
            if (cluster.hosts().get(i).name().equals(hostName))
            {
                return i;
            }
        }
        throw new IllegalArgumentException(hostName + " is not a host of the cluster file (host-1..host-" +
            cluster.hosts().size() + ")");
    }
}
