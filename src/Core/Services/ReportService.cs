using System.Text.Json;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Data;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class ReportService(CrashdeskDbContext db, ReportCache cache) : IReportService
{
    public Task<ReportView?> GetLatestAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default) =>
        GetAsync(caller, caseId, null, cancellationToken);

    public Task<ReportView?> GetVersionAsync(Caller caller, Guid caseId, int version, CancellationToken cancellationToken = default) =>
        GetAsync(caller, caseId, version, cancellationToken);

    public async Task<IReadOnlyList<ReportVersionView>?> ListVersionsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken))
            return null;
        return await db.Reports.AsNoTracking().Where(r => r.CaseId == caseId).OrderByDescending(r => r.Version)
            .Select(r => new ReportVersionView(r.Version, r.CreatedAt, r.ArtifactId,
                db.Artifacts.Where(a => a.Id == r.ArtifactId).Select(a => a.FileName).FirstOrDefault(),
                db.AnalysisJobs.Where(j => j.Id == r.AnalysisJobId).Select(j => j.Reason).FirstOrDefault(),
                r.PanicLine, r.UsedDebugKernelId != null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The row without its content first (the organisation check is here); the content only when not cached.</summary>
    private async Task<ReportView?> GetAsync(Caller caller, Guid caseId, int? version, CancellationToken cancellationToken)
    {
        var row = await db.Reports.AsNoTracking()
            .Where(r => r.CaseId == caseId && (version == null || r.Version == version)
                && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId))
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
