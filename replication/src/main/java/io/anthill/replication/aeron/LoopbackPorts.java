package io.anthill.replication.aeron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Finds UDP ports on 127.0.0.1 that are free now, so embedded clusters and tests that start media drivers never
 * collide with each other or with anything else on the machine.
 */
public final class LoopbackPorts
{
    private LoopbackPorts()
    {
    }

    /**
     * @return a UDP port on 127.0.0.1 that was free when asked.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return "127.0.0.1:port" with a port that was free when asked.
     */
    public static String freeEndpoint()
    {
        return "127.0.0.1:" + freeUdpPort();
    }
}
