using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Data;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class ReportService(CrashdeskDbContext db) : IReportService
{
    public async Task<ReportView?> GetLatestAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        var row = await db.Reports.AsNoTracking()
            .Where(r => r.CaseId == caseId && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId))
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var report = JsonSerializer.Deserialize<AnalysisReport>(row.Content, ReportJson.Options)
            ?? throw new InvalidOperationException($"report {row.Id} holds JSON null");
        var debugKernel = row.DebugKernel is null ? null : JsonSerializer.Deserialize<DebugKernelUsage>(row.DebugKernel, ReportJson.Options);
        return new ReportView(row.CaseId, row.Version, row.AnalysisJobId, row.ArtifactId, row.CreatedAt, report, debugKernel);
    }
}
