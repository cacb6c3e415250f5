using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Chooses the debug kernel of one analysis (issue 5): reads the dump's BUILD-ID (VMCOREINFO), looks
/// up the ready library entry of the case's organisation with that build-id and loads its kernel
/// profile from the object store; checks every debug kernel attached to the case against the dump
/// (the CLI's pre-flight, <see cref="KernelMatcher"/>) and records each mismatch — never using it.
/// Without a match the analysis runs from the dump alone (kallsyms, BTF).
/// </summary>
public sealed class DebugKernelResolver(IBlobStore store, ILogger<DebugKernelResolver> logger, IDebugKernelScheduler? rebuilds = null)
{
    /// <summary>A profile is a few MB on disk and some tens in memory: keep the last few kernels.</summary>
    private readonly LoadedProfileCache _loaded = new(capacity: 4);

    /// <summary>Opens the dump, resolves its debug kernel and runs the engine; the report says which debug kernel was used.</summary>
    public async Task<AnalysisReport> AnalyzeAsync(CrashdeskDbContext db, Guid caseId, IByteSource dump, CancellationToken cancellationToken)
    {
        // The engine is synchronous and CPU-bound (opening indexes the dump): off the scheduler's thread.
        var target = await Task.Run(() => KernelTarget.Open(dump), cancellationToken);
        var (info, usage) = await ResolveAsync(db, caseId, target, cancellationToken);
        var report = await Task.Run(() => DumpAnalyzer.Analyze(target, new AnalysisOptions { DebugInfo = info }, cancellationToken), cancellationToken);
        if (info is not null && report.Failures.FirstOrDefault(f => f.Extractor == "debug-kernel") is { } refused)
        {
            // The engine's own pre-flight refused it (no build-id match after all): say so, never claim it was used.
            usage = usage with { Used = false, Description = DebugKernelUsage.NoneDescription, Note = refused.Message };
        }
        return report with { DebugKernel = usage };
    }

    /// <summary>The debug information to use (null: none) and what the report says about it.</summary>
    public async Task<(IKernelDebugInfo? Info, DebugKernelUsage Usage)> ResolveAsync(
        CrashdeskDbContext db, Guid caseId, KernelTarget target, CancellationToken cancellationToken)
    {
        var organizationId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        var dumpIdentity = DumpIdentity.FromVmcoreInfo(target.VmcoreInfo);
        var notes = new List<string>();

        var attached = await db.DebugKernels.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.ArtifactId != null
                && db.Artifacts.Any(a => a.Id == d.ArtifactId && a.CaseId == caseId))
            .OrderBy(d => d.CreatedAt)
            .ToListAsync(cancellationToken);
        var mismatches = new List<DebugKernelMismatch>();
        foreach (var entry in attached)
        {
            switch (entry.Status)
            {
                case DebugKernelStatus.Ready or DebugKernelStatus.Duplicate:
                    var check = KernelMatcher.Check(dumpIdentity, new KernelIdentity(entry.BuildId, entry.Release, entry.Banner));
                    if (check.Verdict == MatchVerdict.Mismatch)
                        mismatches.Add(new DebugKernelMismatch(entry.FileName, entry.Id, entry.BuildId, check.Message));
                    break;
                case DebugKernelStatus.Pending:
                    notes.Add($"{entry.FileName} is still being processed; the case is re-analysed when it is ready");
                    break;
                case DebugKernelStatus.Failed:
                    notes.Add($"{entry.FileName} is not usable: {entry.Error}");
                    break;
            }
        }

        DebugKernelEntry? match = dumpIdentity.BuildId is { } buildId
            ? await db.DebugKernels.AsNoTracking().FirstOrDefaultAsync(
                d => d.OrganizationId == organizationId && d.BuildId == buildId && d.Status == DebugKernelStatus.Ready, cancellationToken)
            : null;
        if (dumpIdentity.BuildId is null)
            notes.Add("the dump has no BUILD-ID in VMCOREINFO (kernels before 5.9): debug kernels are matched by build-id");
        if (match is not null && !HasCurrentProfile(match))
        {
            // Built by an older Crashdesk (profile format or type list changed): rebuild, never guess.
            await RebuildAsync(db, match, cancellationToken);
            notes.Add($"the kernel profile of {match.FileName} was built by an older version of Crashdesk; it is being rebuilt and the case is re-analysed when it is ready");
            match = null;
        }
        IKernelDebugInfo? info = null;
        if (match is not null)
        {
            try
            {
                info = await LoadProfileAsync(match, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Kernel profile {Key} of debug kernel {Id} could not be loaded", match.ProfileKey, match.Id);
                notes.Add($"the kernel profile of {match.FileName} could not be loaded: {e.Message}");
            }
        }

        var usage = info is not null && match is not null
            ? new DebugKernelUsage
            {
                Used = true,
                BuildId = match.BuildId,
                Release = match.Release,
                FileName = match.FileName,
                LibraryId = match.Id,
                Description = $"{match.FileName} (build-id {match.BuildId}{(match.Release is null ? "" : $", release {match.Release}")})",
            }
            : new DebugKernelUsage { Used = false, Description = DebugKernelUsage.NoneDescription };
        return (info, usage with { Mismatches = mismatches, Note = notes.Count == 0 ? null : string.Join("; ", notes) });
    }

    /// <summary>The profile key names the build-id, the profile format version and the type list's hash (<see cref="KernelProfileCache.FileName"/>).</summary>
    public static string CurrentProfileKey(Guid organizationId, string buildId) =>
        BlobKeys.ForKernelProfile(organizationId, KernelProfileCache.FileName(buildId, ProfileTypes.All));

    private static bool HasCurrentProfile(DebugKernelEntry entry) =>
        entry.BuildId is not null && entry.ProfileKey == CurrentProfileKey(entry.OrganizationId, entry.BuildId);

    /// <summary>ready → pending and the profile job queued; one UPDATE, so concurrent analyses queue it once.</summary>
    private async Task RebuildAsync(CrashdeskDbContext db, DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        int claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE debug_kernels SET status = 'pending', error = NULL
             WHERE id = {entry.Id} AND status = 'ready' AND profile_key = {entry.ProfileKey}
            """, cancellationToken);
        if (claimed == 0 || rebuilds is null)
            return;
        try
        {
            await rebuilds.ScheduleAsync(entry.Id, cancellationToken);
            logger.LogInformation("Debug kernel {Id}: profile {Key} is outdated; rebuild queued", entry.Id, entry.ProfileKey);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Back to ready (still outdated): the next analysis tries again.
            logger.LogError(e, "Could not queue the profile rebuild of debug kernel {Id}", entry.Id);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE debug_kernels SET status = 'ready' WHERE id = {entry.Id} AND status = 'pending'", CancellationToken.None);
        }
    }

    private async Task<KernelProfile> LoadProfileAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        var key = entry.ProfileKey ?? throw new InvalidOperationException($"debug kernel {entry.Id} is ready without a profile key");
        if (_loaded.TryGet(key, out var cached) && string.Equals(cached.Identity.BuildId, entry.BuildId, StringComparison.OrdinalIgnoreCase))
            return cached;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long max = Analysis.AnalysisLimits.Default.MaxProfileBytes;
        if (entry.ProfileSize > max)
            throw new Analysis.DumpFormatException($"profile {key} is {entry.ProfileSize} bytes, more than the limit {max}");
        var data = new byte[entry.ProfileSize ?? 0];
        await using (var stream = await store.OpenReadAsync(key, cancellationToken))
        {
            await stream.ReadExactlyAsync(data, cancellationToken);
            if (stream.ReadByte() >= 0)
                throw new Analysis.DumpFormatException($"profile {key} is longer than the {data.Length} bytes recorded for it");
        }
        var profile = KernelProfileSerializer.Read(data, key);
        if (!string.Equals(profile.Identity.BuildId, entry.BuildId, StringComparison.OrdinalIgnoreCase))
            throw new Analysis.DumpFormatException($"profile {key} holds build-id {profile.Identity.BuildId}, its library entry says {entry.BuildId}");
        _loaded.Add(key, profile);
        logger.LogInformation("Kernel profile {Key} ({Bytes} bytes) loaded in {Ms} ms", key, data.Length, clock.ElapsedMilliseconds);
        return profile;
    }
}
