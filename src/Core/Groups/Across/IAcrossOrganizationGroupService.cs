using Crashdesk.Core.KnownIssues;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Groups.Across;

/// <summary>
/// Crash groups across the organisations the caller serves (engineer or administrator in each, see
/// <see cref="ServedOrganizations"/>): the same signature's groups side by side, "also seen in" for one
/// group, and a known issue of one organisation offered to another. Nothing of an organisation the
/// caller does not serve as staff is ever read into an answer.
/// </summary>
public interface IAcrossOrganizationGroupService
{
    /// <summary>The organisations the caller serves (none for a customer; one for a key limited to its organisation).</summary>
    Task<IReadOnlyList<ServedOrganization>> ServedAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Signatures with groups in two or more served organisations; <see cref="NotServingSeveralOrganizationsException"/> when the caller serves fewer than two.</summary>
    Task<AcrossGroupList> ListAsync(Caller caller, AcrossGroupQuery query, CancellationToken cancellationToken = default);

    /// <summary>One signature across the served organisations; null when fewer than two of them have a group of it.</summary>
    Task<AcrossGroup?> GetAsync(Caller caller, string signature, CancellationToken cancellationToken = default);

    /// <summary>The group's signature in the other served organisations; null when the group is not the caller's organisation's.</summary>
    Task<IReadOnlyList<AlsoSeenIn>?> AlsoSeenInAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Known issues of the group's signature in other served organisations, offered while the group is no
    /// known issue itself (empty once it is); null when the group is not the caller's organisation's.
    /// </summary>
    Task<IReadOnlyList<KnownIssueSuggestion>?> KnownIssueSuggestionsAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the group a known issue with what <paramref name="fromOrganizationId"/>'s known issue of the same
    /// signature says (a timeline row on each of its cases, an audit event, the webhook as any marking).
    /// Null when the group is not the caller's organisation's; <see cref="ValidationException"/> when that
    /// organisation is not served or has no such known issue; <see cref="KnownIssueConflictException"/> when
    /// the group is a known issue already.
    /// </summary>
    Task<KnownIssueView?> CopyKnownIssueAsync(Caller caller, Guid groupId, Guid fromOrganizationId, CancellationToken cancellationToken = default);
}
