namespace Crashdesk.Core.Services;

/// <summary>An analysis' state: Status is queued, running, done or failed; Error is kept on failure.</summary>
public sealed record AnalysisJobView(
    Guid Id,
    Guid ArtifactId,
    string Status,
    int Progress,
    string? ProgressMessage,
    string? Error,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Reason = null);
