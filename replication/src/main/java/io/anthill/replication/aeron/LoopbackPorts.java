package io.anthill.replication.aeron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds UDP ports on 127.0.0.1 that are free now, so embedded clusters and tests that start media drivers never
 * collide with each other or with anything else on the machine.
 * <p>
 * Ports come from below the kernel's ephemeral range: a port the kernel hands out for "any port" (port 0) is free when
 * asked but may be handed again to any socket bound to port 0 before the caller binds it (Aeron binds such a socket
 * for every publication), which made process tests fail now and then with "Address already in use". Each JVM starts
 * at an offset derived from its process id and walks the range, so concurrent test runs on one machine rarely even
 * probe the same port.
 */
public final class LoopbackPorts
{
    private static final int LOWEST_PORT = 10_000;
    private static final int HIGHEST_PORT_DEFAULT = 32_767;
    private static final int RANGE_MIN = 1_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int HIGHEST_PORT = highestNonEphemeralPort();
    private static final AtomicInteger NEXT = new AtomicInteger(
        (int)((ProcessHandle.current().pid() * 7919) % Math.max(1, HIGHEST_PORT - LOWEST_PORT + 1)));

    private LoopbackPorts()
    {
    }

    /**
     * @return a UDP port on 127.0.0.1 that was free when asked, below the ephemeral range when the machine has room
     * there.
     */
    public static int freeUdpPort()
    {
        final int range = HIGHEST_PORT - LOWEST_PORT + 1;
        if (range >= RANGE_MIN)
        {
            for (int attempt = 0; attempt < range; attempt++)
            {
                final int port = LOWEST_PORT + Math.floorMod(NEXT.getAndIncrement(), range);
                if (isFree(port))
                {
                    return port;
                }
            }
        }
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

    private static boolean isFree(final int port)
    {
        try (DatagramSocket socket = new DatagramSocket(null))
        {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        }
        catch (final SocketException ex)
        {
            return false;
        }
    }

    /**
     * @return the port below the kernel's ephemeral range (Linux), or the default when it cannot be read.
     */
    private static int highestNonEphemeralPort()
    {
        try
        {
            final String[] range = Files.readString(EPHEMERAL_RANGE, StandardCharsets.US_ASCII).trim().split("\\s+");
            return Math.min(HIGHEST_PORT_DEFAULT, Integer.parseInt(range[0]) - 1);
        }
        catch (final IOException | RuntimeException ex)
        {
            return HIGHEST_PORT_DEFAULT;
        }
    }
}
