namespace Crashdesk.Core.Services;

/// <summary>Reports of the caller's organisation's cases.</summary>
public interface IReportService
{
    /// <summary>The newest report version of the case, or null (no such case, or no report yet).</summary>
    Task<ReportView?> GetLatestAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>One version of the case's report, or null (no such case or version).</summary>
    Task<ReportView?> GetVersionAsync(Caller caller, Guid caseId, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of the case's report, newest first; null when there is no such case.</summary>
    Task<IReadOnlyList<ReportVersionView>?> ListVersionsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);
}
