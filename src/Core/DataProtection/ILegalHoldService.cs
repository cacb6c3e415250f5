using Crashdesk.Core.Services;

namespace Crashdesk.Core.DataProtection;

/// <summary>Legal holds on the caller's organisation's cases; each change is a row of the case's timeline.</summary>
public interface ILegalHoldService
{
    /// <summary>The case's hold, or null; <paramref name="found"/> false when the case is not the organisation's.</summary>
    Task<(bool Found, LegalHoldView? Hold)> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Places (or re-states the reason of) the hold; null when the case is not the organisation's.</summary>
    Task<LegalHoldView?> PlaceAsync(Caller caller, Guid caseId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Releases the hold (none is not an error); false when the case is not the organisation's.</summary>
    Task<bool> ReleaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);
}
