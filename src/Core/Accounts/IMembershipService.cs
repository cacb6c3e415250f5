using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Accounts;

/// <summary>
/// Organisations and their people. Administrators manage the members of the organisation they act in;
/// administrators of the support centre (a provider organisation) and the installation's owner create
/// customer organisations. Every method throws <see cref="ForbiddenException"/> for a caller without the role.
/// </summary>
public interface IMembershipService
{
    /// <summary>The organisations the caller belongs to (every caller may ask).</summary>
    Task<IReadOnlyList<OrganizationMembershipView>> ListOrganizationsAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>A new organisation with the caller as its first administrator.</summary>
    Task<OrganizationMembershipView> CreateOrganizationAsync(Caller caller, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MemberView>> ListMembersAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<AddedMember> AddMemberAsync(Caller caller, NewMember member, CancellationToken cancellationToken = default);

    /// <summary>Null: no such member. Refuses to leave the organisation without an administrator.</summary>
    Task<MemberView?> SetRoleAsync(Caller caller, Guid userId, OrganizationRole role, CancellationToken cancellationToken = default);

    /// <summary>False: no such member. Refuses to remove the last administrator.</summary>
    Task<bool> RemoveMemberAsync(Caller caller, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deactivates (or reactivates) a user whose home is the caller's organisation: sign-in, sessions and API
    /// keys stop at once (the security stamp changes). Null: no such user at home here.
    /// </summary>
    Task<MemberView?> SetActiveAsync(Caller caller, Guid userId, bool active, CancellationToken cancellationToken = default);
}
