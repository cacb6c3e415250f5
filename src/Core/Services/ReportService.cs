using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Data;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class ReportService(CrashdeskDbContext db, ReportCache cache) : IReportService
{
    public async Task<ReportView?> GetLatestAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        // The row without its content first (the organisation check is here); the content only when not cached.
        var row = await db.Reports.AsNoTracking()
            .Where(r => r.CaseId == caseId && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId))
            .OrderByDescending(r => r.Version)
            .Select(r => new { r.Id, r.CaseId, r.Version, r.AnalysisJobId, r.ArtifactId, r.CreatedAt, r.DebugKernel })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        if (!cache.TryGet(row.Id, out var report))
        {
            string content = await db.Reports.Where(r => r.Id == row.Id).Select(r => r.Content).FirstAsync(cancellationToken);
            report = JsonSerializer.Deserialize<AnalysisReport>(content, ReportJson.Options)
                ?? throw new InvalidOperationException($"report {row.Id} holds JSON null");
            cache.Add(row.Id, report, content.Length);
        }
        var debugKernel = row.DebugKernel is null ? null : JsonSerializer.Deserialize<DebugKernelUsage>(row.DebugKernel, ReportJson.Options);
        return new ReportView(row.CaseId, row.Version, row.AnalysisJobId, row.ArtifactId, row.CreatedAt, report, debugKernel);
    }
}
