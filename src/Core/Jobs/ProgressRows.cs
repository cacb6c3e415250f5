using Crashdesk.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Progress and failure of work rows shaped like an analysis (<c>status, progress, progress_message,
/// error, finished_at, lease_until</c>: <see cref="WorkTable.AnalysisJobs"/>, <see cref="WorkTable.EnvironmentImports"/>),
/// for the page's progress bar and the row's final error. The table name is one of WorkTable's
/// constants, never input; the values are parameters.
/// </summary>
internal static class ProgressRows
{
    /// <summary>Sets the progress of a running row (a finished one is left alone).</summary>
    public static Task SetProgressAsync(CrashdeskDbContext db, WorkTable table, Guid id, int percent, string message, CancellationToken cancellationToken)
    {
        string sql = table.ProgressSql;
        return db.Database.ExecuteSqlRawAsync(sql, [percent, message, id], cancellationToken);
    }

    /// <summary>Ends an open row as failed with <paramref name="error"/>; returns 1 when it did, 0 when the row was not open.</summary>
    public static Task<int> FailAsync(CrashdeskDbContext db, WorkTable table, Guid id, string error, CancellationToken cancellationToken)
    {
        string sql = table.FailSql;
        return db.Database.ExecuteSqlRawAsync(sql, [error, id], cancellationToken);
    }
}
