using Crashdesk.Core.Data;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// One sosreport import (an <c>environment_imports</c> row, claimed by <see cref="QueuedJob{TWork}"/>):
/// streams the archive from the object store through <see cref="SosreportReader"/> (nothing is
/// extracted to disk) and merges what it read into the case's environment as its next version. A
/// hostile or broken archive fails the row with the reader's message (it names the member); the
/// case and everything stored with it stay as they were.
/// </summary>
public sealed class ImportSosreportWork(
    CrashdeskDbContext db,
    IBlobStore store,
    EnvironmentStore environments,
    ILogger<ImportSosreportWork> logger) : IQueuedWork
{
    public static string Queue => JobQueues.Maintenance;

    public static WorkTable Table => WorkTable.EnvironmentImports;

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var import = await db.EnvironmentImports.AsNoTracking().FirstAsync(i => i.Id == id, cancellationToken);
        var artifact = await db.Artifacts.AsNoTracking().FirstAsync(a => a.Id == import.ArtifactId, cancellationToken);
        await SetProgressAsync(id, 10, "reading the archive", cancellationToken);
        EnvironmentDocument reading;
        try
        {
            await using var content = await store.OpenReadAsync(artifact.StorageKey, cancellationToken);
            reading = await SosreportReader.ReadAsync(content, artifact.FileName, DateTimeOffset.UtcNow, SosreportLimits.Default, cancellationToken);
        }
        catch (Exception e) when (e is SosreportRejectedException || JobFailures.IsPermanent(e))
        {
            logger.LogWarning("Import {ImportId}: {File} refused: {Reason}", id, artifact.FileName, e.Message);
            await FailAsync(id, JobFailures.Describe(e, artifact.StorageKey, artifact.FileName), CancellationToken.None);
            return;
        }
        await SetProgressAsync(id, 80, "saving the environment", cancellationToken);
        string? actor = import.CreatedByUserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        var saved = await environments.AppendAsync(EnvironmentOwner.OfCase(import.CaseId), (current, _) => EnvironmentMerge.Apply(current, reading),
            FactSources.Sosreport, $"imported from {artifact.FileName}", import.CreatedByUserId, actor ?? CaseTimeline.ServiceActor, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE environment_imports SET status = 'done', progress = 100, progress_message = 'done', finished_at = now(), lease_until = NULL,
                   snapshot_version = {saved?.Version}
             WHERE id = {id}
            """, cancellationToken);
        logger.LogInformation("Import {ImportId} done: version {Version}", id, saved?.Version);
    }

    public Task FailAsync(Guid id, string error, CancellationToken cancellationToken) =>
        ProgressRows.FailAsync(db, Table, id, error, cancellationToken);

    private Task SetProgressAsync(Guid id, int percent, string message, CancellationToken cancellationToken) =>
        ProgressRows.SetProgressAsync(db, Table, id, percent, message, cancellationToken);
}
