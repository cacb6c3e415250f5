using Crashdesk.Core.Services;

namespace Crashdesk.Core.KnownIssues;

/// <summary>Known issues of the caller's organisation: one per crash group, and what each says about a case.</summary>
public interface IKnownIssueService
{
    Task<IReadOnlyList<KnownIssueView>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>The group's known issue; null when the group is not known (or not the caller's).</summary>
    Task<KnownIssueView?> GetForGroupAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the group a known issue, or replaces what its known issue says. With
    /// <paramref name="expectedVersion"/>, a <see cref="KnownIssueConflictException"/> when someone
    /// edited it meanwhile. Null when there is no such live group; a <see cref="ValidationException"/>
    /// names a bad field.
    /// </summary>
    Task<KnownIssueView?> PutAsync(Caller caller, Guid groupId, KnownIssueInput input, int? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>The group is no longer a known issue. False when it was not one.</summary>
    Task<bool> DeleteAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default);

    /// <summary>The known issue of the case's group with the verdict on the case's kernel; null when its group is none.</summary>
    Task<CaseKnownIssue?> ForCaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);
}
