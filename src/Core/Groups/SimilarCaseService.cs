using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups;

/// <summary>Other cases of the caller's organisation like a case, most alike first.</summary>
public interface ISimilarCaseService
{
    /// <summary>Up to <paramref name="limit"/> (≤ <see cref="SimilarCaseService.MaxResults"/>) cases; null when the case is not the caller's.</summary>
    Task<IReadOnlyList<SimilarCase>?> ForCaseAsync(Caller caller, Guid caseId, int limit = SimilarCaseService.MaxResults, CancellationToken cancellationToken = default);
}

internal sealed class SimilarCaseService(CrashdeskDbContext db) : ISimilarCaseService
{
    public const int MaxResults = 10;
    /// <summary>Candidates scored per request: the newest that share anything at all (the indexes find them).</summary>
    private const int MaxCandidates = 400;

    public async Task<IReadOnlyList<SimilarCase>?> ForCaseAsync(Caller caller, Guid caseId, int limit = MaxResults, CancellationToken cancellationToken = default)
    {
        var me = await db.Cases.AsNoTracking().Where(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId)
            .Select(c => new { c.CrashSignature, c.GuiltyFrame, c.GuiltyModule, c.TriageTitle, c.TraceFrames }).FirstOrDefaultAsync(cancellationToken);
        if (me is null)
            return null;
        var mine = new SimilarityFacts(me.CrashSignature, me.GuiltyFrame, me.GuiltyModule, me.TriageTitle, me.TraceFrames);
        if (mine.Signature is null && mine.GuiltyFrame is null && mine.GuiltyModule is null && mine.TraceFrames is not { Count: > 0 })
            return [];
        var frames = me.TraceFrames ?? [];
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => c.OrganizationId == caller.OrganizationId && c.Id != caseId
                && ((me.CrashSignature != null && c.CrashSignature == me.CrashSignature)
                    || (me.GuiltyFrame != null && c.GuiltyFrame == me.GuiltyFrame)
                    || (me.GuiltyModule != null && c.GuiltyModule == me.GuiltyModule)
                    || (frames.Count > 0 && c.TraceFrames != null && c.TraceFrames.Any(f => frames.Contains(f)))))
            .OrderByDescending(c => c.CreatedAt).Take(MaxCandidates)
            .Select(c => new { c.Id, c.Title, c.Customer, c.Status, c.KernelRelease, c.CreatedAt, c.GroupId, c.CrashSignature, c.GuiltyFrame, c.GuiltyModule, c.TriageTitle, c.TraceFrames })
            .ToListAsync(cancellationToken);
        return [.. candidates
            .Select(c => (Case: c, Match: SimilarityScore.Of(mine, new SimilarityFacts(c.CrashSignature, c.GuiltyFrame, c.GuiltyModule, c.TriageTitle, c.TraceFrames))))
            .Where(x => x.Match.Score > 0)
            .OrderByDescending(x => x.Match.Score).ThenByDescending(x => x.Case.CreatedAt)
            .Take(Math.Clamp(limit, 1, MaxResults))
            .Select(x => new SimilarCase(x.Case.Id, x.Case.Title, x.Case.Customer, x.Case.Status, x.Case.KernelRelease,
                x.Case.CreatedAt, x.Case.GroupId, x.Match.Score, x.Match.Reasons))];
    }
}
