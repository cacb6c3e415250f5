using System.Security.Cryptography;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Accounts;

internal sealed class MembershipService(CrashdeskDbContext db, IUserService users, UserManager<User> userManager, TimeProvider clock, IAuditLog audit)
    : IMembershipService
{
    public async Task<IReadOnlyList<OrganizationMembershipView>> ListOrganizationsAsync(Caller caller, CancellationToken cancellationToken = default) =>
        await (from m in db.Memberships.AsNoTracking()
               where m.UserId == caller.UserId
               join o in db.Organizations on m.OrganizationId equals o.Id
               orderby o.IsProvider descending, o.Name
               select new OrganizationMembershipView(o.Id, o.Name, o.IsProvider, m.Role))
            .ToListAsync(cancellationToken);

    public async Task<OrganizationMembershipView> CreateOrganizationAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        bool providerAdmin = caller.IsAdmin && await db.Organizations.AnyAsync(o => o.Id == caller.OrganizationId && o.IsProvider, cancellationToken);
        if (!providerAdmin && !caller.IsOwner)
            throw new ForbiddenException("Only administrators of the support centre create organisations.");
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new ValidationException("name", "an organisation name of 1 to 200 characters is required");
        if (await db.Organizations.AnyAsync(o => o.Name.ToLower() == name.ToLower(), cancellationToken))
            throw new ValidationException("name", $"an organisation named '{name}' exists already");
        var organization = new Organization { Name = name };
        db.Organizations.Add(organization);
        db.Memberships.Add(new Membership { UserId = caller.UserId, OrganizationId = organization.Id, Role = OrganizationRole.Admin });
        await db.SaveChangesAsync(cancellationToken);
        return new OrganizationMembershipView(organization.Id, organization.Name, false, OrganizationRole.Admin);
    }

    public async Task<IReadOnlyList<MemberView>> ListMembersAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        return await Members(caller.OrganizationId).ToListAsync(cancellationToken);
    }

    public async Task<AddedMember> AddMemberAsync(Caller caller, NewMember member, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        var email = UserEmails.Normalise(member.Email);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        string? initialPassword = null;
        if (user is null)
        {
            var password = member.Password;
            if (string.IsNullOrEmpty(password))
                password = initialPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            var created = await users.CreateAsync(caller.OrganizationId, email, member.DisplayName ?? email, password, member.Role, cancellationToken);
            await audit.WriteAsync(caller, AuditAction.MemberAdd, UserTarget(created.UserId, ("role", CallerClaims.RoleName(member.Role)), ("created", "true")), cancellationToken);
            return new AddedMember(await Members(caller.OrganizationId, created.UserId).FirstAsync(cancellationToken), true, initialPassword);
        }
        if (await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganizationId == caller.OrganizationId, cancellationToken))
            throw new ValidationException("email", $"{email} is a member already; change the role instead");
        db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = caller.OrganizationId, Role = member.Role });
        await audit.AddAsync(caller, AuditAction.MemberAdd, UserTarget(user.Id, ("role", CallerClaims.RoleName(member.Role))), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new AddedMember(await Members(caller.OrganizationId, user.Id).FirstAsync(cancellationToken), false, null);
    }

    public async Task<MemberView?> SetRoleAsync(Caller caller, Guid userId, OrganizationRole role, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.OrganizationId == caller.OrganizationId, cancellationToken);
        if (membership is null)
            return null;
        if (membership.Role == OrganizationRole.Admin && role != OrganizationRole.Admin)
            await RequireAnotherAdminAsync(caller.OrganizationId, userId, cancellationToken);
        if (membership.Role != role)
        {
            await audit.AddAsync(caller, AuditAction.RoleChange,
                UserTarget(userId, ("from", CallerClaims.RoleName(membership.Role)), ("to", CallerClaims.RoleName(role))), cancellationToken);
        }
        membership.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        return await Members(caller.OrganizationId, userId).FirstAsync(cancellationToken);
    }

    public async Task<bool> RemoveMemberAsync(Caller caller, Guid userId, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.OrganizationId == caller.OrganizationId, cancellationToken);
        if (membership is null)
            return false;
        if (membership.Role == OrganizationRole.Admin)
            await RequireAnotherAdminAsync(caller.OrganizationId, userId, cancellationToken);
        db.Memberships.Remove(membership);
        await audit.AddAsync(caller, AuditAction.MemberRemove, UserTarget(userId, ("role", CallerClaims.RoleName(membership.Role))), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<MemberView?> SetActiveAsync(Caller caller, Guid userId, bool active, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        if (userId == caller.UserId && !active)
            throw new ValidationException("userId", "you cannot deactivate yourself");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == caller.OrganizationId, cancellationToken);
        if (user is null)
            return null;
        if (active == (user.DeactivatedAt is null))
            return await Members(caller.OrganizationId, userId).FirstOrDefaultAsync(cancellationToken);
        user.DeactivatedAt = active ? null : clock.GetUtcNow();
        // Saved by the stamp update below (the user store's SaveChanges), in the same transaction.
        await audit.AddAsync(caller, active ? AuditAction.UserReactivate : AuditAction.UserDeactivate, UserTarget(userId), cancellationToken);
        // A new stamp ends every session begun under the old one (SessionService compares them).
        await userManager.UpdateSecurityStampAsync(user);
        return await Members(caller.OrganizationId, userId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The organisation's members (or one of them); filtered before the projection, which SQL cannot see into.</summary>
    private IQueryable<MemberView> Members(Guid organizationId, Guid? userId = null) =>
        from m in db.Memberships.AsNoTracking()
        where m.OrganizationId == organizationId && (userId == null || m.UserId == userId)
        join u in db.Users on m.UserId equals u.Id
        orderby u.DisplayName
        select new MemberView(u.Id, u.Email, u.DisplayName, m.Role, u.OrganizationId == organizationId, u.DeactivatedAt, m.CreatedAt);

    private async Task RequireAnotherAdminAsync(Guid organizationId, Guid exceptUserId, CancellationToken cancellationToken)
    {
        if (!await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId != exceptUserId && m.Role == OrganizationRole.Admin, cancellationToken))
            throw new ValidationException("role", "the organisation must keep at least one administrator");
    }

    private static AuditTarget UserTarget(Guid userId, params (string Name, string Value)[] detail) =>
        new("user", userId, null, detail.ToDictionary(d => d.Name, d => d.Value));

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only the organisation's administrators manage its people.");
    }
}
