namespace Crashdesk.Core.Services;

/// <summary>What <see cref="IAnalysisService.ReanalyseAsync"/> did; <see cref="Analysis"/> is the queued (or the already pending) analysis.</summary>
public sealed record ReanalysisResult(ReanalysisStatus Status, string? Message, AnalysisJobView? Analysis);

/// <summary>See <see cref="ReanalysisResult"/>.</summary>
public enum ReanalysisStatus
{
    Queued,
    CaseNotFound,
    ArtifactNotFound,
    NothingToAnalyse,
    AlreadyPending,
}
