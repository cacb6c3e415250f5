namespace Crashdesk.Analysis.Reports;

/// <summary>What `crashdesk info` prints: the dump's format and the crashed kernel's identity.</summary>
public sealed record DumpSummary
{
    public required string Format { get; init; }
    public string? Compression { get; init; }
    public int? DumpLevel { get; init; }
    public long? PagesPresent { get; init; }
    public long? PagesExcluded { get; init; }
    public bool Incomplete { get; init; }
    public bool Truncated { get; init; }
    public string? KernelRelease { get; init; }
    public string? KernelVersion { get; init; }
    public string? BuildId { get; init; }
    public DateTimeOffset? CrashTime { get; init; }
    public int? Cpus { get; init; }
    public string? NodeName { get; init; }
    public string? Machine { get; init; }
}
