namespace Crashdesk.Core.Services;

/// <summary>Analyses on request (the engineer's "analyse again").</summary>
public interface IAnalysisService
{
    /// <summary>
    /// Queues a new analysis (the case's next report version) of <paramref name="artifactId"/>, or by
    /// default of the artifact the newest analysis read (else the newest dump or console log).
    /// Refused while an analysis of that artifact is queued or running.
    /// </summary>
    Task<ReanalysisResult> ReanalyseAsync(Caller caller, Guid caseId, Guid? artifactId, CancellationToken cancellationToken = default);
}
