namespace Crashdesk.Api.Contracts;

/// <summary>
/// An analysis: status queued, running, done or failed; error is kept on failure; progress 0–100;
/// reason: why it ran ("uploaded", who asked for a re-analysis, which debug kernel became ready; null before 0006).
/// </summary>
public sealed record AnalysisDto(
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
    string? Reason);
