using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>An analysis' state; Error is kept on failure.</summary>
public sealed record AnalysisJobView(
    Guid Id,
    Guid ArtifactId,
    AnalysisJobStatus Status,
    int Progress,
    string? ProgressMessage,
    string? Error,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Reason = null);
