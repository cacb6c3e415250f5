namespace Crashdesk.Analysis.Triage;

/// <summary>Caps that keep triage bounded on hostile or huge logs.</summary>
public sealed record TriageLimits
{
    public static TriageLimits Default { get; } = new();

    /// <summary>Characters read from a stream (256 MiB of text).</summary>
    public long MaxChars { get; init; } = 256L << 20;

    public int MaxLines { get; init; } = 5_000_000;

    /// <summary>Lines of one report that are examined.</summary>
    public int MaxReportLines { get; init; } = 5_000;

    public int MaxReports { get; init; } = 200;

    /// <summary>Tasks read from one SysRq dump.</summary>
    public int MaxTasks { get; init; } = 10_000;
}
