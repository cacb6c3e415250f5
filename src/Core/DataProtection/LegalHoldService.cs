using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.DataProtection;

internal sealed class LegalHoldService(CrashdeskDbContext db) : ILegalHoldService
{
    public const int ReasonMax = 500;

    public async Task<(bool Found, LegalHoldView? Hold)> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        if (!await OwnsAsync(caller, caseId, cancellationToken))
            return (false, null);
        var hold = await db.LegalHolds.AsNoTracking().FirstOrDefaultAsync(h => h.CaseId == caseId, cancellationToken);
        return (true, hold is null ? null : Of(hold));
    }

    public async Task<LegalHoldView?> PlaceAsync(Caller caller, Guid caseId, string? reason, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("place a legal hold");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > ReasonMax })
            throw new ValidationException("reason", $"reason may be at most {ReasonMax} characters; got {reason.Length}");
        if (!await OwnsAsync(caller, caseId, cancellationToken))
            return null;
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        var hold = await db.LegalHolds.FirstOrDefaultAsync(h => h.CaseId == caseId, cancellationToken);
        string? before = hold is null ? null : Describe(hold.Reason);
        if (hold is null)
        {
            hold = new CaseLegalHold { CaseId = caseId, PlacedByUserId = caller.UserId, PlacedByName = actor, Reason = reason };
            db.LegalHolds.Add(hold);
        }
        else
        {
            hold.Reason = reason;
        }
        CaseTimeline.Record(db, caseId, caller.UserId, actor, "legal-hold", before, Describe(reason));
        await db.SaveChangesAsync(cancellationToken);
        return Of(hold);
    }

    public async Task<bool> ReleaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("release a legal hold");
        if (!await OwnsAsync(caller, caseId, cancellationToken))
            return false;
        var hold = await db.LegalHolds.FirstOrDefaultAsync(h => h.CaseId == caseId, cancellationToken);
        if (hold is null)
            return true;
        db.LegalHolds.Remove(hold);
        CaseTimeline.Record(db, caseId, caller.UserId, await CaseTimeline.ActorNameAsync(db, caller, cancellationToken), "legal-hold", Describe(hold.Reason), "released");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private Task<bool> OwnsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken) =>
        db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);

    private static string Describe(string? reason) => reason is null ? "on hold" : $"on hold: {reason}";

    internal static LegalHoldView Of(CaseLegalHold hold) => new(hold.PlacedByName, hold.PlacedAt, hold.Reason);
}
