using Crashdesk.Core.Services;

namespace Crashdesk.Core.Groups;

/// <summary>Crash groups of the caller's organisation: list, one group, and the corrections people make.</summary>
public interface ICrashGroupService
{
    Task<CrashGroupPage> ListAsync(Caller caller, CrashGroupQuery query, CancellationToken cancellationToken = default);

    /// <summary>One page by cursor (keyset on the sort's keys; the query's page and page size are not read).</summary>
    Task<CrashGroupCursorPage> ListAsync(Caller caller, CrashGroupQuery query, Paging.PageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Null when there is no such group in the caller's organisation.</summary>
    Task<CrashGroupView?> GetAsync(Caller caller, Guid groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts a case into <paramref name="groupId"/> and pins it there (re-analysis leaves it), or with
    /// null unpins it and puts it back into its signature's group. False when the case or the group is
    /// not the caller's organisation's.
    /// </summary>
    Task<bool> MoveCaseAsync(Caller caller, Guid caseId, Guid? groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every case of <paramref name="sourceId"/> into <paramref name="targetId"/> and points the
    /// source at the target, so later cases with the source's signature join the target.
    /// </summary>
    Task<bool> MergeAsync(Caller caller, Guid sourceId, Guid targetId, CancellationToken cancellationToken = default);

    /// <summary>Moves <paramref name="caseIds"/> of the group into a new group titled <paramref name="title"/>, pinned there. Null when the group is not found.</summary>
    Task<Guid?> SplitAsync(Caller caller, Guid groupId, IReadOnlyList<Guid> caseIds, string title, CancellationToken cancellationToken = default);
}
