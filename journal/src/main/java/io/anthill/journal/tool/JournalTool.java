package io.anthill.journal.tool;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.anthill.codecs.journal.ClientCommandDecoder;
import io.anthill.codecs.journal.MessageHeaderDecoder;
import io.anthill.codecs.journal.NoopDecoder;
import io.anthill.codecs.journal.TimerFiredDecoder;
import io.anthill.codecs.journal.TimerTickDecoder;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalConfiguration;
import io.anthill.journal.JournalContext;
import io.anthill.journal.JournalCorruptedException;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalEntryHandler;
import io.anthill.journal.JournalReader;
import io.anthill.journal.JournalRecoveryReport;
import io.anthill.journal.eventlog.EventLog;

/**
 * The operator's view of a journal on disk, run by {@code scripts/journal}: {@code dump} prints the surviving log one
 * entry per line, {@code verify} checks every checksum, the partition, the dense op sequence and the view order, and
 * names the first bad entry. Both open the journal read-only, so they are safe beside a running partition.
 *
 * <p>Why a tool and not a log line: after a crash the operator must decide, before restarting, whether a replica's
 * journal can be trusted or must be rebuilt from another replica.
 */
public final class JournalTool
{
    /**
     * Exit status: the journal verified, or the dump completed.
     */
    public static final int EXIT_OK = 0;

    /**
     * Exit status: the command line was wrong.
     */
    public static final int EXIT_USAGE = 64;

    /**
     * Exit status: an entry failed verification in the middle of the log.
     */
    public static final int EXIT_CORRUPT = 2;

    /**
     * Exit status: the last entry is torn (a crash mid-write); the journal would exclude it on open.
     */
    public static final int EXIT_TORN_TAIL = 3;

    private static final int POLL_LIMIT = 1024;
    private static final String USAGE = "usage: journal dump DIR [--from N] [--to M] | journal verify DIR";

    private JournalTool()
    {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line, see {@link #run(String[], PrintStream, PrintStream)}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command; the entry point tests call.
     *
     * @param args {@code dump DIR [--from N] [--to M]} or {@code verify DIR}.
     * @param out  receives the dump lines and the verdict.
     * @param err  receives usage errors.
     * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_USAGE}, {@link #EXIT_CORRUPT} or {@link #EXIT_TORN_TAIL}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length < 2)
        {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        final Path directory = Path.of(args[1]);
        if (!Files.isDirectory(directory))
        {
            err.println("not a directory: " + directory);
            return EXIT_USAGE;
        }
        try
        {
            switch (args[0])
            {
                case "dump":
                    return dump(directory, args, out, err);
                case "verify":
                    if (args.length != 2)
                    {
                        err.println(USAGE);
                        return EXIT_USAGE;
                    }
                    return verify(directory, out);
                default:
                    err.println(USAGE);
                    return EXIT_USAGE;
            }
        }
        catch (final JournalCorruptedException ex)
        {
            EventLog.warn("corruption_found", "tool", "journal", "file", ex.file(), "op", ex.op(), "reason", ex.reason());
            out.println("CORRUPT " + ex.file() + " op " + ex.op() + ": " + ex.reason());
            return EXIT_CORRUPT;
        }
    }

    private static int verify(final Path directory, final PrintStream out)
    {
        final int partitionId = Journal.partitionIdOf(directory);
        if (partitionId < 0)
        {
            out.println("EMPTY " + directory + ": no journal documents");
            return EXIT_OK;
        }
        try (Journal journal = Journal.open(readOnly(directory, partitionId)))
        {
            final JournalRecoveryReport report = journal.recoveryReport();
            long entries = 0;
            try (JournalReader reader = journal.reader(journal.firstOp()))
            {
                int read;
                while ((read = reader.poll(entry -> { }, POLL_LIMIT)) > 0)
                {
                    entries += read;
                }
            }
            if (report.tornTailDetected())
            {
                out.println("TORN TAIL " + report.tornTailDescription() + "; " + entries + " entries before it verified");
                return EXIT_TORN_TAIL;
            }
            out.println("OK partition " + partitionId + ": " + entries + " entries, ops " + report.firstOp() + ".." +
                report.lastOp() + ", last view " + report.lastView() + ", " + report.documents() + " documents, " +
                report.supersededEntries() + " superseded, " + report.truncationMarkers() + " truncation markers");
            return EXIT_OK;
        }
    }

    private static int dump(final Path directory, final String[] args, final PrintStream out, final PrintStream err)
    {
        long fromOp = 1;
        long toOp = Long.MAX_VALUE;
        for (int i = 2; i < args.length; i += 2)
        {
            if (i + 1 >= args.length || !("--from".equals(args[i]) || "--to".equals(args[i])))
            {
                err.println(USAGE);
                return EXIT_USAGE;
            }
            final long value;
            try
            {
                value = Long.parseLong(args[i + 1]);
            }
            catch (final NumberFormatException ex)
            {
                err.println("not an op number: " + args[i + 1]);
                return EXIT_USAGE;
            }
            if ("--from".equals(args[i]))
            {
                fromOp = value;
            }
            else
            {
                toOp = value;
            }
        }
        final int partitionId = Journal.partitionIdOf(directory);
        if (partitionId < 0)
        {
            return EXIT_OK;
        }
        try (Journal journal = Journal.open(readOnly(directory, partitionId)))
        {
            final long first = Math.max(fromOp, journal.firstOp());
            final long last = Math.min(toOp, journal.lastOp());
            if (first <= last)
            {
                final EntryPrinter printer = new EntryPrinter(out);
                try (JournalReader reader = journal.reader(first))
                {
                    long remaining = last - first + 1;
                    int read = 1;
                    while (remaining > 0 && read > 0)
                    {
                        read = reader.poll(printer, (int)Math.min(POLL_LIMIT, remaining));
                        remaining -= read;
                    }
                }
            }
            return journal.recoveryReport().tornTailDetected() ? EXIT_TORN_TAIL : EXIT_OK;
        }
    }

    private static JournalContext readOnly(final Path directory, final int partitionId)
    {
        return new JournalContext()
            .directory(directory)
            .partitionId(partitionId)
            .durability(DurabilityPolicy.NONE)
            .maxBodyLength(JournalConfiguration.MAX_BODY_LENGTH_LIMIT)
            .readOnly(true);
    }

    /**
     * Prints one entry per line: op, view, timestamp, body type, body size and CRC32C.
     */
    static final class EntryPrinter implements JournalEntryHandler
    {
        private final PrintStream out;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();

        EntryPrinter(final PrintStream out)
        {
            this.out = out;
        }

        @Override
        public void onEntry(final JournalEntry entry)
        {
            out.println("op=" + entry.op() + " view=" + entry.view() + " timestampNs=" + entry.timestampNs() +
                " type=" + typeOf(entry) + " size=" + entry.bodyLength() + " crc=0x" + Integer.toHexString(entry.checksum()));
        }

        private String typeOf(final JournalEntry entry)
        {
            if (entry.bodyLength() < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                return "opaque";
            }
            header.wrap(entry.body(), entry.bodyOffset());
            if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
            {
                return "schema" + header.schemaId() + "/template" + header.templateId();
            }
            switch (header.templateId())
            {
                case ClientCommandDecoder.TEMPLATE_ID:
                    return "ClientCommand";
                case TimerFiredDecoder.TEMPLATE_ID:
                    return "TimerFired";
                case NoopDecoder.TEMPLATE_ID:
                    return "Noop";
                case TimerTickDecoder.TEMPLATE_ID:
                    return "TimerTick";
                default:
                    return "template" + header.templateId();
            }
        }
    }
}
