using System.Text.RegularExpressions;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// One uploaded debug kernel (a pending <c>debug_kernels</c> row, claimed by
/// <see cref="QueuedJob{TWork}"/>): copies the vmlinux to a temporary file (the DWARF reader maps a
/// file), reads its identity, builds its kernel profile exactly as `crashdesk analyze --vmlinux`
/// does (<see cref="KernelProfileBuilder"/> with <see cref="ProfileTypes.All"/>), stores the profile
/// keyed by build-id and marks the row ready — or failed with the reason (a dump, garbage, a vmlinux
/// without DWARF or build-id), or duplicate when the organisation already has that build-id. Then
/// re-analyses the cases that were waiting for it (<see cref="ReanalysisPlanner"/>).
/// </summary>
public sealed partial class BuildKernelProfileWork(
    CrashdeskDbContext db,
    IBlobStore store,
    ReanalysisPlanner planner,
    IOptions<DebugKernelOptions> options,
    ILogger<BuildKernelProfileWork> logger) : IQueuedWork
{
    private const ushort ElfExecutable = Crashdesk.Analysis.Binary.ElfFileType.Executable; // a vmlinux; a dump is ET_CORE

    public static string Queue => JobQueues.DebugKernels;

    public static WorkTable Table => WorkTable.DebugKernels;

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var entry = await db.DebugKernels.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (entry is null || entry.Status != DebugKernelStatus.Pending)
        {
            logger.LogInformation("Debug kernel {Id} is processed or gone; nothing to do", id);
            return;
        }

        bool ready;
        try
        {
            ready = await ProcessAsync(entry, cancellationToken);
        }
        catch (Exception e) when (JobFailures.IsPermanent(e))
        {
            logger.LogWarning(e, "Debug kernel {Id} ({File}) is not usable", entry.Id, entry.FileName);
            await FailAsync(id, Describe(e), CancellationToken.None);
            return;
        }
        if (!ready)
        {
            if (options.Value.ReanalyseOnReady && entry.ArtifactId is not null)
                await planner.QueueAsync(entry, cancellationToken, uploadCaseOnly: true);
            return;
        }
        logger.LogInformation("Debug kernel {Id} ready: build-id {BuildId}, release {Release}", entry.Id, entry.BuildId, entry.Release);
        if (options.Value.ReanalyseOnReady)
        {
            int queued = await planner.QueueAsync(entry, cancellationToken);
            logger.LogInformation("Debug kernel {Id}: {Count} case(s) queued for re-analysis", entry.Id, queued);
        }
    }

    public async Task FailAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE debug_kernels SET status = 'failed', error = {error}, processed_at = now(), lease_until = NULL
             WHERE id = {id} AND status = 'pending'
            """, cancellationToken);
    }

    /// <summary>Builds and stores the profile; true when the row became ready, false when it is a duplicate.</summary>
    private async Task<bool> ProcessAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        var (identity, profileBytes) = await BuildProfileAsync(entry, cancellationToken);
        entry.BuildId = identity.BuildId;
        entry.Release = Truncate(identity.Release, 200);
        entry.Banner = Truncate(identity.Banner, 1000);
        var existing = await ReadyEntryAsync(entry, cancellationToken);
        if (existing is not null)
        {
            entry.ProfileKey = existing.ProfileKey;
            entry.ProfileSize = existing.ProfileSize;
            await FinishAsync(entry, DebugKernelStatus.Duplicate, DuplicateMessage(existing), cancellationToken);
            return false;
        }

        var key = Analyses.KernelProfileLoader.CurrentProfileKey(entry.OrganizationId, identity.BuildId!);
        string? outdated = entry.ProfileKey is { } previous && previous != key ? previous : null;
        using (var buffer = new MemoryStream(profileBytes, writable: false))
        {
            var written = await store.WriteAsync(key, buffer, long.MaxValue, cancellationToken);
            entry.ProfileSize = written.Size;
        }
        entry.ProfileKey = key;
        try
        {
            await FinishAsync(entry, DebugKernelStatus.Ready, null, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another upload of the same build-id became ready in between: this one is its duplicate.
            db.ChangeTracker.Clear();
            var row = await db.DebugKernels.FirstAsync(d => d.Id == entry.Id, cancellationToken);
            row.BuildId = entry.BuildId;
            row.Release = entry.Release;
            row.Banner = entry.Banner;
            row.ProfileKey = key;
            row.ProfileSize = entry.ProfileSize;
            var winner = await ReadyEntryAsync(row, cancellationToken);
            await FinishAsync(row, DebugKernelStatus.Duplicate, winner is null ? "a concurrent upload of the same build-id is in use" : DuplicateMessage(winner), cancellationToken);
            return false;
        }
        // A rebuild (the old profile's format or type list is outdated): the old object is no longer referenced.
        if (outdated is not null && !await db.DebugKernels.AnyAsync(d => d.ProfileKey == outdated, cancellationToken))
            await store.DeleteAsync(outdated, cancellationToken);
        return true;
    }

    private async Task<(KernelIdentity Identity, byte[] Profile)> BuildProfileAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        long max = options.Value.MaxBytes;
        if (entry.Size > max)
            throw new NotSupportedException($"{entry.FileName} is {entry.Size} bytes, more than DebugKernels:MaxBytes ({max})");
        var directory = options.Value.TempDirectory is { Length: > 0 } d ? d : Path.GetTempPath();
        using var copy = await TemporaryBlobCopy.CreateAsync(store, entry.StorageKey, directory, max, cancellationToken);
        try
        {
            // CPU-bound and synchronous (seconds of DWARF work): off the scheduler's thread.
            return await Task.Run(() => Build(copy.Path, entry.FileName), cancellationToken);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException)
        {
            // The engine names the file it read: our temporary copy means nothing to the uploader.
            throw new DebugKernelRejectedException(e.Message.Replace(copy.Path, entry.FileName, StringComparison.Ordinal), e);
        }
    }

    /// <summary>
    /// Builds and serialises the profile while the vmlinux is still mapped: the profile's types
    /// resolve their members lazily from the DWARF, so writing it after disposing the kernel would
    /// read unmapped memory (the CLI's `profile build` also writes before disposing).
    /// </summary>
    private static (KernelIdentity Identity, byte[] Profile) Build(string path, string fileName)
    {
        using var kernel = DebugKernel.Open(path);
        if (kernel.Image.FileType != ElfExecutable)
            throw new NotSupportedException($"{fileName} is an ELF file of type {kernel.Image.FileType}{(kernel.Image.FileType == Crashdesk.Analysis.Binary.ElfFileType.Core ? " (a core file: a dump?)" : "")}, not a vmlinux (ET_EXEC, type 2)");
        var buildId = kernel.Identity.BuildId;
        if (buildId is null || !BuildIdPattern().IsMatch(buildId))
            throw new NotSupportedException($"{fileName} has no GNU build-id note (.note.gnu.build-id): it cannot be matched to dumps");
        // The CLI's `analyze --vmlinux` builds the same profile (KernelCommandRunner, KernelProfileCache).
        var profile = KernelProfileBuilder.Build(kernel, ProfileTypes.All);
        using var buffer = new MemoryStream();
        KernelProfileSerializer.Write(profile, buffer);
        return (profile.Identity, buffer.ToArray());
    }

    private Task<DebugKernelEntry?> ReadyEntryAsync(DebugKernelEntry entry, CancellationToken cancellationToken) =>
        db.DebugKernels.AsNoTracking().FirstOrDefaultAsync(
            d => d.OrganizationId == entry.OrganizationId && d.BuildId == entry.BuildId && d.Status == DebugKernelStatus.Ready && d.Id != entry.Id,
            cancellationToken);

    private static string DuplicateMessage(DebugKernelEntry existing) =>
        $"the same build is already in the library as {existing.FileName} ({existing.Id}); that one is used";

    private async Task FinishAsync(DebugKernelEntry entry, DebugKernelStatus status, string? error, CancellationToken cancellationToken)
    {
        entry.Status = status;
        entry.Error = error;
        entry.ProcessedAt = DateTimeOffset.UtcNow;
        entry.LeaseUntil = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(Exception e) => e switch
    {
        DebugKernelRejectedException => e.Message,
        BlobTooLargeException t => $"larger than DebugKernels:MaxBytes ({t.MaxBytes} bytes)",
        _ => JobFailures.Describe(e),
    };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    [GeneratedRegex("^[0-9a-f]{8,128}$")]
    private static partial Regex BuildIdPattern();
}
