using Crashdesk.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Jobs;

/// <summary>Writes an analysis' progress to its row, where the UI and API read it.</summary>
internal sealed class JobProgress(CrashdeskDbContext db, Guid analysisJobId)
{
    public Task SetAsync(int percent, string message, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE analysis_jobs SET progress = {percent}, progress_message = {message} WHERE id = {analysisJobId} AND status = 'running'",
            cancellationToken);
}
