namespace Crashdesk.Analysis.Reports;

/// <summary>
/// What a report analysed from a text log (console capture, vmcore-dmesg.txt, /var/log/messages,
/// journalctl -k) read: present instead of <see cref="AnalysisReport.Dump"/> when no dump was analysed.
/// </summary>
public sealed record LogSummary
{
    /// <summary>The file or object name the log came from.</summary>
    public required string Name { get; init; }

    /// <summary>Size of the whole file in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>Bytes read and analysed (the whole file, or its first quarter and its end: at most <see cref="AnalysisLimits.MaxLogFileBytes"/>).</summary>
    public long BytesRead { get; init; }

    /// <summary>True when the file was longer than the limit and only its head was analysed.</summary>
    public bool Truncated { get; init; }

    /// <summary>How the bytes were decoded ("utf-8", "utf-16le", "latin-1" for bytes that are not UTF-8).</summary>
    public required string Encoding { get; init; }

    /// <summary>Lines of text analysed.</summary>
    public int Lines { get; init; }

    /// <summary>The crashed kernel's release as the log's oops header names it, when it does.</summary>
    public string? KernelRelease { get; init; }
}
