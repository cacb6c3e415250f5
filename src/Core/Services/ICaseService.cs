namespace Crashdesk.Core.Services;

/// <summary>Cases of the caller's organisation. A case of another organisation is "not found", never "forbidden".</summary>
public interface ICaseService
{
    /// <summary>Creates a case; throws <see cref="ValidationException"/> naming the bad field.</summary>
    Task<CaseDetails> CreateAsync(Caller caller, NewCase newCase, CancellationToken cancellationToken = default);

    /// <summary>One page of the organisation's cases, filtered, searched and ordered; throws <see cref="ValidationException"/> on a bad filter.</summary>
    Task<CasePage> ListAsync(Caller caller, CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the organisation's cases by cursor (keyset: stable while cases are created or change);
    /// <see cref="CaseQuery.Page"/> and <see cref="CaseQuery.PageSize"/> are not read. Throws
    /// <see cref="Paging.InvalidCursorException"/> for a cursor of other filters or another sort.
    /// </summary>
    Task<CaseCursorPage> ListAsync(Caller caller, CaseQuery query, Paging.PageRequest request, CancellationToken cancellationToken = default);

    /// <summary>The case, or null when it does not exist in the caller's organisation.</summary>
    Task<CaseDetails?> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an edit made against <paramref name="expectedRevision"/> and records each change in the
    /// timeline. Null when the case does not exist; throws <see cref="CaseConflictException"/> when
    /// someone changed it since, <see cref="ValidationException"/> on a bad value or a move the
    /// workflow does not allow.
    /// </summary>
    Task<CaseDetails?> UpdateAsync(Caller caller, Guid caseId, int expectedRevision, CaseChanges changes, CancellationToken cancellationToken = default);

    /// <summary>The case's timeline, oldest first; null when the case does not exist.</summary>
    Task<IReadOnlyList<CaseEventView>?> TimelineAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>The organisation's tags with their case counts, most used first.</summary>
    Task<IReadOnlyList<TagCount>> TagsAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>The organisation's users (who a case can be assigned to), by name.</summary>
    Task<IReadOnlyList<UserView>> MembersAsync(Caller caller, CancellationToken cancellationToken = default);
}
