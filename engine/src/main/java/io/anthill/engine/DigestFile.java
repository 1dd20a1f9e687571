package io.anthill.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A small properties file of {@link PartitionDigests}, one group of keys per partition, written by a live node or a
 * replay and read back to verify another copy. Plain text so an operator can read and diff it:
 * <pre>
 * partition.0.op=1234
 * partition.0.stateDigest=0123456789abcdef
 * partition.0.projection.trading-balances.digest=fedcba9876543210
 * </pre>
 */
public final class DigestFile
{
    private static final String PREFIX = "partition.";
    private static final String OP = ".op";
    private static final String STATE_DIGEST = ".stateDigest";
    private static final String PROJECTION = ".projection.";
    private static final String DIGEST = ".digest";

    private DigestFile()
    {
    }

    /**
     * Writes the digests, with extra lines first (counts and times a tool reports alongside).
     *
     * @param file    the file to write, replaced if present.
     * @param extra   further key=value lines, in order; may be empty.
     * @param digests the partitions' digests.
     * @throws IOException if it cannot be written.
     */
    public static void write(final Path file, final Map<String, String> extra, final Collection<PartitionDigests> digests)
        throws IOException
    {
        final StringBuilder text = new StringBuilder("# partition state and read-model digests (io.anthill.engine.DigestFile)\n");
        extra.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        for (final PartitionDigests partition : digests)
        {
            final String prefix = PREFIX + partition.partitionId();
            text.append(prefix).append(OP).append('=').append(partition.op()).append('\n');
            text.append(prefix).append(STATE_DIGEST).append('=').append(PartitionDigests.hex(partition.stateDigest())).append('\n');
            partition.projectionDigests().forEach((name, digest) -> text.append(prefix).append(PROJECTION).append(name)
                .append(DIGEST).append('=').append(PartitionDigests.hex(digest)).append('\n'));
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Reads a digest file.
     *
     * @param file the file.
     * @return the digests by partition id, in id order.
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException naming the key that is malformed.
     */
    public static Map<Integer, PartitionDigests> read(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        final Map<Integer, Long> ops = new TreeMap<>();
        final Map<Integer, Long> states = new TreeMap<>();
        final Map<Integer, Map<String, Long>> projections = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (!key.startsWith(PREFIX))
            {
                continue;
            }
            final int dot = key.indexOf('.', PREFIX.length());
            final Integer partitionId = parseInt(file, key, key.substring(PREFIX.length(), dot < 0 ? key.length() : dot));
            final String rest = dot < 0 ? "" : key.substring(dot);
            final String value = properties.getProperty(key).trim();
            if (rest.equals(OP))
            {
                ops.put(partitionId, parseLong(file, key, value, 10));
            }
            else if (rest.equals(STATE_DIGEST))
            {
                states.put(partitionId, parseLong(file, key, value, 16));
            }
            else if (rest.startsWith(PROJECTION) && rest.endsWith(DIGEST) && rest.length() > PROJECTION.length() + DIGEST.length())
            {
                projections.computeIfAbsent(partitionId, id -> new LinkedHashMap<>()).put(
                    rest.substring(PROJECTION.length(), rest.length() - DIGEST.length()), parseLong(file, key, value, 16));
            }
            else
            {
                throw new IllegalArgumentException(file + ": unknown key " + key);
            }
        }
        final Map<Integer, PartitionDigests> digests = new TreeMap<>();
        for (final Map.Entry<Integer, Long> op : ops.entrySet())
        {
            final Long state = states.get(op.getKey());
            if (null == state)
            {
                throw new IllegalArgumentException(file + ": " + PREFIX + op.getKey() + STATE_DIGEST + " is missing");
            }
            digests.put(op.getKey(), new PartitionDigests(op.getKey(), op.getValue(), state,
                projections.getOrDefault(op.getKey(), Map.of())));
        }
        if (digests.isEmpty())
        {
            throw new IllegalArgumentException(file + ": no " + PREFIX + "N" + OP + " key: not a digest file");
        }
        return digests;
    }

    private static Integer parseInt(final Path file, final String key, final String text)
    {
        try
        {
            return Integer.valueOf(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ": key " + key + " does not name a partition number", ex);
        }
    }

    private static long parseLong(final Path file, final String key, final String text, final int radix)
    {
        try
        {
            return radix == 16 ? Long.parseUnsignedLong(text, 16) : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ": key " + key + " has a malformed value '" + text + "'", ex);
        }
    }
}
