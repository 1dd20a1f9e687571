package io.anthill.replication.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@code scripts/ctl}, parsed without side effects so that every mistake becomes one message
 * ({@link #problem()}) and exit status 2, before anything is started.
 */
final class CtlArguments
{
    /** The address of this machine the hosts answer to, unless --response-host says otherwise. */
    static final String RESPONSE_HOST_DEFAULT = "127.0.0.1";

    private static final Set<String> OPTIONS = Set.of("--cluster", "--credential", "--response-host", "--timeout-ms",
        "--host");
    private static final Set<String> PARTITION_COMMANDS = Set.of("snapshot", "step-down", "add-partition",
        "remove-partition");
    private Path clusterFile;
    private String credential;
    private String host;
    private String responseHost = RESPONSE_HOST_DEFAULT;
    private long timeoutMs = CtlMain.TIMEOUT_MS_DEFAULT;
    private String command;
    private String partitionArgument;
    private String problem;

    static CtlArguments parse(final String[] args)
    {
        final CtlArguments parsed = new CtlArguments();
        final List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length && null == parsed.problem; i++)
        {
            final String arg = args[i];
            if (!OPTIONS.contains(arg))
            {
                words.add(arg);
            }
            else if (i + 1 == args.length)
            {
                parsed.problem = arg + " needs a value";
            }
            else
            {
                parsed.option(arg, args[++i]);
            }
        }
        if (null == parsed.problem)
        {
            parsed.command(words);
        }
        if (null == parsed.problem && null != parsed.host && !parsed.command.endsWith("-partition"))
        {
            parsed.problem = "--host goes only with add-partition and remove-partition";
        }
        return parsed;
    }

    private void command(final List<String> words)
    {
        if (null == clusterFile)
        {
            problem = "--cluster FILE is required (the cluster file the nodes were started with)";
        }
        else if (words.isEmpty())
        {
            problem = "no command";
        }
        else if (words.get(0).startsWith("--"))
        {
            problem = "unknown option " + words.get(0);
        }
        else if ("partitions".equals(words.get(0)) && words.size() == 1)
        {
            command = words.get(0);
        }
        else if (PARTITION_COMMANDS.contains(words.get(0)) && words.size() == 2)
        {
            command = words.get(0);
            partitionArgument = words.get(1);
        }
        else
        {
            problem = "unknown command or wrong arguments: " + String.join(" ", words);
        }
    }

    private void option(final String option, final String value)
    {
        switch (option)
        {
            case "--cluster" -> clusterFile = Path.of(value);
            case "--credential" -> credential = value;
            case "--response-host" -> responseHost = value;
            case "--host" -> host = value;
            default -> timeoutMs = positive(option, value);
        }
    }

    private long positive(final String option, final String value)
    {
        try
        {
            final long parsed = Long.parseLong(value);
            if (parsed > 0)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ex)
        {
            // answered below
        }
        problem = option + " must be a positive whole number, was '" + value + "'";
        return 0;
    }

    /**
     * @return the partition the command acts on (0 when it acts on none), or null after saying why it is unknown.
     */
    Integer partitionId(final ClusterFile cluster, final PrintStream err)
    {
        if (null == partitionArgument)
        {
            return 0;
        }
        try
        {
            final int id = Integer.parseInt(partitionArgument);
            if (id >= 0 && id < cluster.partitions())
            {
                return id;
            }
        }
        catch (final NumberFormatException ex)
        {
            // answered below
        }
        err.printf(Locale.ROOT, "ctl: unknown partition '%s': this cluster has partitions 0..%d (cluster file key " +
            "partitions); scripts/ctl partitions lists them%n", partitionArgument, cluster.partitions() - 1);
        return null;
    }

    Path clusterFile()
    {
        return clusterFile;
    }

    String credential()
    {
        return credential;
    }

    /** @return the one host add-partition / remove-partition act on, or null for every host of the group. */
    String host()
    {
        return host;
    }

    String responseHost()
    {
        return responseHost;
    }

    long timeoutMs()
    {
        return timeoutMs;
    }

    String command()
    {
        return command;
    }

    String problem()
    {
        return problem;
    }
}
