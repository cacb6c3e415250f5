namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Finds the line crash's `sys` shows as PANIC: the first "Kernel panic - not syncing: ..." message;
/// with panic_on_oops there is none (kdump starts from the oops), so the first "Oops: ..." message,
/// else the first "BUG: ..." one (kernel/panic.c panic(), arch/x86/kernel/dumpstack.c __die_header()).
/// </summary>
public static class PanicLineFinder
{
    /// <summary>The panic line without its timestamp, or null.</summary>
    public static string? Find(KernelLog log)
    {
        string? oops = null, bug = null;
        foreach (var r in log.Records)
        {
            foreach (var line in Lines(r))
            {
                if (line.StartsWith("Kernel panic - not syncing", StringComparison.Ordinal))
                    return line;
                if (oops is null && line.StartsWith("Oops: ", StringComparison.Ordinal))
                    oops = line;
                if (bug is null && line.Contains("BUG: ", StringComparison.Ordinal))
                    bug = line[line.IndexOf("BUG: ", StringComparison.Ordinal)..];
            }
        }
        return oops ?? bug;
    }

    private static IEnumerable<string> Lines(KernelLogRecord r)
    {
        if (r.TimestampNanoseconds is not null)
            return r.Text.Split('\n');
        // Pre-3.5 buffers carry "[    1.234567] " in the text itself.
        string t = r.Text;
        if (t.StartsWith('[') && t.IndexOf("] ", StringComparison.Ordinal) is > 0 and var end)
            t = t[(end + 2)..];
        return [t];
    }
}
