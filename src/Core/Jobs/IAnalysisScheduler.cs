namespace Crashdesk.Core.Jobs;

/// <summary>Queues the analysis of an <c>AnalysisJob</c> row (persisted, so it survives restarts and runs on any worker).</summary>
public interface IAnalysisScheduler
{
    Task ScheduleAsync(Guid analysisJobId, CancellationToken cancellationToken = default);
}
