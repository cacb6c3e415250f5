using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// Chooses the debug kernel of one dump analysis: the ready library entry of the organisation with
/// the dump's BUILD-ID (VMCOREINFO), its kernel profile loaded from the object store; every debug
/// kernel attached to the case is checked against the dump (the CLI's pre-flight,
/// <see cref="KernelMatcher"/>) and each mismatch recorded — never used. Without a match the
/// analysis runs from the dump alone (kallsyms, BTF), and the configured debuginfod servers are asked for
/// that build-id in a job of its own (<see cref="Debuginfod.DebuginfodFetchRequests"/>). Scoped: it reads through the scope's DbContext.
/// </summary>
internal sealed class DebugKernelResolver(
    CrashdeskDbContext db,
    KernelProfileLoader profiles,
    IJobQueue queue,
    Debuginfod.DebuginfodFetchRequests debuginfod,
    ILogger<DebugKernelResolver> logger)
{
    /// <summary>The debug information to give the engine (null: none) and the service's record of the choice.</summary>
    public async Task<(IKernelDebugInfo? Info, DebugKernelUsage Usage)> ResolveAsync(
        Guid organizationId, Guid caseId, DumpIdentity dump, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var mismatches = await CheckAttachedAsync(organizationId, caseId, dump, notes, cancellationToken);

        DebugKernelEntry? match = dump.BuildId is { } buildId
            ? await db.DebugKernels.AsNoTracking().FirstOrDefaultAsync(
                d => d.OrganizationId == organizationId && d.BuildId == buildId && d.Status == DebugKernelStatus.Ready, cancellationToken)
            : null;
        if (dump.BuildId is null)
            notes.Add("the dump has no BUILD-ID in VMCOREINFO (kernels before 5.9): debug kernels are matched by build-id");
        else if (match is null && await debuginfod.RequestAsync(organizationId, caseId, dump.BuildId, cancellationToken) is { } asked)
            notes.Add(asked);
        if (match is not null && !KernelProfileLoader.HasCurrentProfile(match))
        {
            // Built by an older Crashdesk (profile format or type list changed): rebuild, never guess.
            await RebuildAsync(match, cancellationToken);
            notes.Add($"the kernel profile of {match.FileName} was built by an older version of Crashdesk; it is being rebuilt and the case is re-analysed when it is ready");
            match = null;
        }

        KernelProfile? profile = null;
        if (match is not null)
        {
            try
            {
                profile = await profiles.LoadAsync(match, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Kernel profile {Key} of debug kernel {Id} could not be loaded", match.ProfileKey, match.Id);
                notes.Add($"the kernel profile of {match.FileName} could not be loaded: {e.Message}");
            }
        }
        if (profile is not null && KernelMatcher.Check(dump, profile.Identity) is { Verdict: MatchVerdict.Mismatch } refused)
        {
            // The engine would refuse it too; decide here, so the report never claims a kernel it did not use.
            notes.Add(refused.Message);
            profile = null;
        }

        var usage = profile is not null && match is not null
            ? new DebugKernelUsage
            {
                Used = true,
                BuildId = match.BuildId,
                Release = match.Release,
                FileName = match.FileName,
                LibraryId = match.Id,
                Origin = match.Origin,
                Description = $"{match.FileName} (build-id {match.BuildId}{(match.Release is null ? "" : $", release {match.Release}")}"
                    + (match.Origin == DebugKernelEntry.UploadOrigin ? "" : $", fetched from {match.Origin}") + ")",
            }
            : new DebugKernelUsage { Used = false, Description = DebugKernelUsage.NoneDescription };
        return (profile, usage with { Mismatches = mismatches, Note = notes.Count == 0 ? null : string.Join("; ", notes) });
    }

    private async Task<List<DebugKernelMismatch>> CheckAttachedAsync(
        Guid organizationId, Guid caseId, DumpIdentity dump, List<string> notes, CancellationToken cancellationToken)
    {
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
                    var check = KernelMatcher.Check(dump, new KernelIdentity(entry.BuildId, entry.Release, entry.Banner));
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
        return mismatches;
    }

    /// <summary>ready → pending (attempts reset) and the profile job queued; one UPDATE, so concurrent analyses queue it once.</summary>
    private async Task RebuildAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        int claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE debug_kernels SET status = 'pending', error = NULL, attempts = 0, lease_until = NULL, queue_job_id = NULL
             WHERE id = {entry.Id} AND status = 'ready' AND profile_key = {entry.ProfileKey}
            """, cancellationToken);
        if (claimed == 0)
            return;
        logger.LogInformation("Debug kernel {Id}: profile {Key} is outdated; rebuild queued", entry.Id, entry.ProfileKey);
        await queue.EnqueueAsync<BuildKernelProfileWork>(entry.Id, cancellationToken);
    }
}
