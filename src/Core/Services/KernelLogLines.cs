namespace Crashdesk.Core.Services;

/// <summary>
/// A report's kernel log as numbered lines — the one numbering the log panel shows, note anchors
/// point at (<c>log-line</c> positions) and version comparisons count: split at newlines, trailing
/// empty lines dropped.
/// </summary>
public static class KernelLogLines
{
    public static string[] Split(string? log)
    {
        if (string.IsNullOrEmpty(log))
            return [];
        var lines = log.Split('\n');
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
            count--;
        return count == lines.Length ? lines : lines[..count];
    }

    /// <summary>How many lines <see cref="Split"/> gives, without allocating them (a report's log may be 200 000 lines).</summary>
    public static int Count(string? log)
    {
        if (string.IsNullOrEmpty(log))
            return 0;
        var text = log.AsSpan().TrimEnd('\n');
        return text.IsEmpty ? 0 : text.Count('\n') + 1;
    }
}
