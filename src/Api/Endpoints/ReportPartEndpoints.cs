using System.Security.Claims;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Reports;
using Crashdesk.Api.Audit;
using Crashdesk.Core.Audit;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// GET /api/v1/cases/{id}/report/{log|backtraces|tasks|locks|environment}: one part of the newest report, for a
/// ticket that shows only that (a report with every task's backtrace runs to megabytes). Each part says which
/// of the engine's extractors made it, so a part the engine could not read comes with their problems.
/// </summary>
internal static class ReportPartEndpoints
{
    public static RouteGroupBuilder MapReportParts(this RouteGroupBuilder api)
    {
        Map(api, "log", "GetReportLog", "The kernel log, its panic line and summary", ["kernel-log"],
            r => new ReportLogPart(r.PanicLine, r.Log, r.KernelLog), r => r.KernelLog is null && r.Log is null ? null : r);
        Map(api, "backtraces", "GetReportBacktraces", "Backtraces of the active tasks, then of the others", ["backtraces"],
            r => new ReportBacktracesPart(r.ActiveBacktraces, r.TaskBacktraces), r => r.ActiveBacktraces ?? r.TaskBacktraces);
        Map<IReadOnlyList<KernelTask>>(api, "tasks", "GetReportTasks", "The task list (crash `ps`)", ["tasks"], r => r.Tasks!, r => r.Tasks);
        Map<LockReport>(api, "locks", "GetReportLocks", "Lock owners, waiters and the wait-for graph", ["locks"], r => r.Locks!, r => r.Locks);
        Map(api, "environment", "GetReportEnvironment", "What the dump says of the machine, kernel and modules (crash `sys`, `mod`)", ["sys", "modules"],
            r => new ReportEnvironmentPart(r.System, r.Dump, r.Modules), r => (object?)r.System ?? r.Modules);
        return api;
    }

    /// <summary>
    /// One part: <paramref name="part"/> builds it, <paramref name="present"/> says whether the engine read it
    /// (null: the part's data is null and its <paramref name="extractors"/>' problems say why).
    /// </summary>
    private static void Map<T>(RouteGroupBuilder api, string name, string operationId, string summary, string[] extractors,
        Func<AnalysisReport, T> part, Func<AnalysisReport, object?> present) where T : class
    {
        api.MapGet($"/cases/{{id:guid}}/report/{name}", async Task<Results<Ok<ReportPartDto<T>>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken) =>
            {
                var report = await reports.GetLatestAsync(user.Caller(), id, cancellationToken);
                if (report is null)
                    return ReportEndpoints.NoReport(id);
                var problems = report.Report.Failures.Concat(report.Report.Skipped).Where(f => extractors.Contains(f.Extractor)).ToList();
                return TypedResults.Ok(new ReportPartDto<T>(report.CaseId, report.Version, present(report.Report) is null ? null : part(report.Report), problems));
            })
            .WithTags("Reports").WithName(operationId).WithSummary(summary).ForCustomers().Audited(AuditAction.ReportView);
    }
}
