using System.Text;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>The kernel log recovered from a dump, and its rendering as crash 8.0.2's `log` prints it.</summary>
public sealed record KernelLog(KernelLogLayout Layout, IReadOnlyList<KernelLogRecord> Records)
{
    /// <summary>
    /// What the buffer held that the dump does not, one sentence per run of lost records ending in
    /// "… not in the dump" (e.g. "records 812–1040 of 1040 (descriptors at 0x…–0x…) are not in the
    /// dump"). <see cref="Records"/> then holds only what could be read, in order. Empty when the
    /// whole log was read.
    /// </summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>
    /// Inconsistencies between what the buffer says it holds and what was read (sequence numbers
    /// that skip or go backwards, fewer records than committed descriptors, text blocks outside the
    /// data ring): the log may be incomplete or wrong although every page was there.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when the whole buffer was read and it adds up (no <see cref="Missing"/>, no <see cref="Warnings"/>).</summary>
    public bool IsComplete => Missing.Count == 0 && Warnings.Count == 0;

    /// <summary>
    /// <see cref="Missing"/> then <see cref="Warnings"/> as messages for the user, a missing part
    /// of a truncated dump with <see cref="Formats.TruncationNote.Text"/> (it was in the part of the
    /// file that is cut off).
    /// </summary>
    public IEnumerable<string> Problems(Formats.DumpFileInfo? file) =>
        Missing.Select(m => Formats.TruncationNote.Explain(m, file)).Concat(Warnings);

    /// <summary>
    /// crash's `log` text (printk.c dump_record(), kernel.c dump_log_entry()): "[%5llu.%06lu] " then
    /// the text, every embedded newline followed by as many spaces as the timestamp took; a
    /// data-less record is an empty line. Every record ends with '\n'.
    /// </summary>
    public string ToCrashText() => ToCrashText(CrashLogStyle.Plain);

    /// <summary>crash's `log` text with its options (<c>-m</c> levels, <c>-T</c> wall-clock times; see <see cref="CrashLogStyle"/>).</summary>
    public string ToCrashText(CrashLogStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        var sb = new StringBuilder(Records.Count * 80);
        foreach (var r in Records)
            AppendCrashLine(sb, r, style);
        return sb.ToString();
    }

    /// <summary>The lines of <see cref="ToCrashText()"/> (no trailing empty line).</summary>
    public IReadOnlyList<string> ToCrashLines()
    {
        string text = ToCrashText();
        if (text.EndsWith('\n'))
            text = text[..^1];
        return text.Length == 0 && Records.Count == 0 ? [] : text.Split('\n');
    }

    /// <summary>Appends one record as crash prints it.</summary>
    public static void AppendCrashLine(StringBuilder sb, KernelLogRecord r) => AppendCrashLine(sb, r, CrashLogStyle.Plain);

    /// <summary>
    /// Appends one record as crash prints it with <paramref name="style"/>: the time ("[%5llu.%06lu] ",
    /// "[ctime] " for <c>-T</c>, none for <c>-t</c>), then "&lt;level&gt;" for <c>-m</c> (printk.c dump_record(): both
    /// count in the indent of continuation lines).
    /// </summary>
    public static void AppendCrashLine(StringBuilder sb, KernelLogRecord r, CrashLogStyle style)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(style);
        if (r.TimestampNanoseconds is not { } ts)
        {
            sb.Append(r.Text).Append('\n');
            return;
        }
        int start = sb.Length;
        ulong wholeSeconds = ts / 1_000_000_000;
        if (style.HideTime)
            start = sb.Length; // no time, no indent
        else if (style.BootTime is { } boot)
        {
            // kernel.c: t = kt->boot_date.tv_sec + nanos (whole seconds), printed by ctime_tz().
            sb.Append('[').Append(CrashUnits.Date(boot.AddSeconds(wholeSeconds))).Append("] ");
        }
        else
        {
            string seconds = wholeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sb.Append('[').Append(' ', Math.Max(0, 5 - seconds.Length)).Append(seconds).Append('.');
            sb.Append((ts % 1_000_000_000 / 1000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("] ");
        }
        if (style.ShowLevel && r.Level is { } level)
            sb.Append('<').Append(level.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('>');
        int indent = sb.Length - start;
        int from = 0;
        string text = r.Text;
        for (int nl = text.IndexOf('\n'); nl >= 0; nl = text.IndexOf('\n', from))
        {
            sb.Append(text, from, nl - from).Append('\n').Append(' ', indent);
            from = nl + 1;
        }
        sb.Append(text, from, text.Length - from).Append('\n');
    }
}
