using Crashdesk.Core.Audit;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Accounts;

internal sealed class ExternalLoginService(
    CrashdeskDbContext db, UserManager<User> userManager, IAuditLog audit, TimeProvider clock, ILogger<ExternalLoginService> logger)
    : IExternalLoginService
{
    public async Task<ExternalSignIn> ResolveAsync(ExternalIdentity identity, ExternalProvisioning provisioning, CancellationToken cancellationToken = default)
    {
        var login = await db.ExternalLogins.FirstOrDefaultAsync(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject, cancellationToken);
        var user = login is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == login.UserId, cancellationToken);
        if (user is null)
        {
            string? email = string.IsNullOrWhiteSpace(identity.Email) ? null : UserEmails.Normalise(identity.Email);
            // An unverified e-mail proves nothing: anyone may type any address into a provider's profile
            // (OpenID Connect Core 1.0 §5.1, email_verified). It neither finds an account nor makes one.
            if (email is null || !identity.EmailVerified)
                return new ExternalSignIn(ExternalSignInOutcome.EmailNotVerified, null, email);
            user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
            if (user is not null && user.DeactivatedAt is null)
                login = await LinkAsync(user, identity, "verified e-mail", cancellationToken);
            else if (user is null && provisioning.Enabled)
                (user, login) = await ProvisionAsync(identity, email, provisioning, cancellationToken);
            if (user is null)
                return new ExternalSignIn(ExternalSignInOutcome.NoAccount, null, email);
        }
        if (user.DeactivatedAt is not null)
            return new ExternalSignIn(ExternalSignInOutcome.Deactivated, user.Id, user.Email);
        if (await userManager.IsLockedOutAsync(user))
            return new ExternalSignIn(ExternalSignInOutcome.LockedOut, user.Id, user.Email, user.LockoutEnd);
        if (login is not null)
        {
            login.LastUsedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ExternalSignIn(ExternalSignInOutcome.Success, user.Id, user.Email);
    }

    public async Task<IReadOnlyList<ExternalLoginView>> ListAsync(Caller caller, Guid? userId = null, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        return await (from l in db.ExternalLogins.AsNoTracking()
                      join u in db.Users on l.UserId equals u.Id
                      where u.OrganizationId == caller.OrganizationId && (userId == null || u.Id == userId)
                      orderby l.CreatedAt
                      select new ExternalLoginView(l.Id, l.UserId, l.Issuer, l.Subject, l.CreatedAt, l.LastUsedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> UnlinkAsync(Caller caller, Guid userId, Guid loginId, CancellationToken cancellationToken = default)
    {
        RequireAdmin(caller);
        var login = await (from l in db.ExternalLogins
                           join u in db.Users on l.UserId equals u.Id
                           where l.Id == loginId && l.UserId == userId && u.OrganizationId == caller.OrganizationId
                           select l).FirstOrDefaultAsync(cancellationToken);
        if (login is null)
            return false;
        db.ExternalLogins.Remove(login);
        await audit.AddAsync(caller, AuditAction.ExternalLoginUnlink, Target(userId, login, null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<ExternalLogin> LinkAsync(User user, ExternalIdentity identity, string how, CancellationToken cancellationToken)
    {
        var login = NewLogin(user.Id, identity);
        db.ExternalLogins.Add(login);
        await audit.AddAsync(await ActorAsync(user, cancellationToken), AuditAction.ExternalLoginLink, Target(user.Id, login, how), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return login;
    }

    /// <summary>A new account without a password (it signs in only through the provider) and its membership, in one transaction.</summary>
    private async Task<(User?, ExternalLogin?)> ProvisionAsync(
        ExternalIdentity identity, string email, ExternalProvisioning provisioning, CancellationToken cancellationToken)
    {
        var organizationId = await FindOrganizationAsync(provisioning.Organization, cancellationToken);
        if (organizationId is null)
        {
            logger.LogError("Single sign-on cannot provision {Email}: the organisation {Organization} configured for new accounts does not exist",
                email, provisioning.Organization);
            return (null, null);
        }
        var user = new User
        {
            OrganizationId = organizationId.Value,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(identity.Name) ? email : identity.Name.Trim()[..Math.Min(identity.Name.Trim().Length, 200)],
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await userManager.CreateAsync(user);
        if (!created.Succeeded)
            throw IdentityErrors.ToValidation(created, "email");
        db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organizationId.Value, Role = provisioning.Role });
        var login = NewLogin(user.Id, identity);
        db.ExternalLogins.Add(login);
        var actor = new Caller(user.Id, organizationId.Value, user.Email, provisioning.Role);
        await audit.AddAsync(actor, AuditAction.ExternalLoginLink, Target(user.Id, login, "provisioned as " + CallerClaims.RoleName(provisioning.Role)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, login);
    }

    private Task<Guid?> FindOrganizationAsync(string? organization, CancellationToken cancellationToken)
    {
        var name = (organization ?? "").Trim();
        return Guid.TryParse(name, out var id)
            ? db.Organizations.Where(o => o.Id == id).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken)
            : db.Organizations.Where(o => o.Name == name).OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The person as the actor of their own link, in their home organisation (whose administrators see it).</summary>
    private async Task<Caller> ActorAsync(User user, CancellationToken cancellationToken)
    {
        var role = await db.Memberships.Where(m => m.UserId == user.Id && m.OrganizationId == user.OrganizationId)
            .Select(m => (OrganizationRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        return new Caller(user.Id, user.OrganizationId, user.Email, role ?? OrganizationRole.Customer, user.IsOwner);
    }

    private ExternalLogin NewLogin(Guid userId, ExternalIdentity identity) =>
        new() { Issuer = identity.Issuer, Subject = identity.Subject, UserId = userId, CreatedAt = clock.GetUtcNow() };

    private static AuditTarget Target(Guid userId, ExternalLogin login, string? how)
    {
        var detail = new Dictionary<string, string> { ["issuer"] = login.Issuer, ["subject"] = login.Subject };
        if (how is not null)
            detail["how"] = how;
        return new AuditTarget("user", userId, null, detail);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only the organisation's administrators manage its people.");
    }
}
