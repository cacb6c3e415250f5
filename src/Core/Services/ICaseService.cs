namespace Crashdesk.Core.Services;

/// <summary>Cases of the caller's organisation. A case of another organisation is "not found", never "forbidden".</summary>
public interface ICaseService
{
    /// <summary>Creates a case; throws <see cref="ValidationException"/> naming the bad field.</summary>
    Task<CaseDetails> CreateAsync(Caller caller, NewCase newCase, CancellationToken cancellationToken = default);

    /// <summary>The organisation's cases, newest first.</summary>
    Task<IReadOnlyList<CaseSummary>> ListAsync(Caller caller, int skip = 0, int take = 100, CancellationToken cancellationToken = default);

    /// <summary>The case, or null when it does not exist in the caller's organisation.</summary>
    Task<CaseDetails?> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);
}
