namespace Crashdesk.Core.Services;

/// <summary>Reports of the caller's organisation's cases.</summary>
public interface IReportService
{
    /// <summary>The newest report version of the case, or null (no such case, or no report yet).</summary>
    Task<ReportView?> GetLatestAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);
}
