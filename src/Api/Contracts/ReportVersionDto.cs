namespace Crashdesk.Api.Contracts;

/// <summary>A version of a case's report: when, from which artifact, why its analysis ran, its panic line, whether a library debug kernel was used.</summary>
public sealed record ReportVersionDto(
    int Version, DateTimeOffset CreatedAt, Guid ArtifactId, string? ArtifactFileName, string? Reason, string? PanicLine, bool UsedDebugKernel);
