using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>The import of one uploaded sosreport: where it stands and, when done, the environment version it made (null when nothing changed).</summary>
public sealed record EnvironmentImportView(
    Guid Id, Guid ArtifactId, string FileName, AnalysisJobStatus Status, int Progress, string? ProgressMessage, string? Error,
    int? SnapshotVersion, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
