namespace Crashdesk.Core.Services;

/// <summary>One version of a case's report in the list of versions: when, from which file, why the analysis ran, what it found.</summary>
public sealed record ReportVersionView(
    int Version, DateTimeOffset CreatedAt, Guid ArtifactId, string? ArtifactFileName, string? Reason, string? PanicLine, bool UsedDebugKernel);
