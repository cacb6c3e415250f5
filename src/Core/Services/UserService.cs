using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class UserService(CrashdeskDbContext db, UserManager<User> users) : IUserService
{
    public async Task<Caller> CreateAsync(
        Guid organizationId, string email, string displayName, string password, OrganizationRole role, CancellationToken cancellationToken = default, bool isOwner = false)
    {
        email = UserEmails.Normalise(email);
        if (email.Length is 0 or > 320 || !email.Contains('@'))
            throw new ValidationException("email", "a valid e-mail address is required");
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            throw new ValidationException("email", $"a user with e-mail {email} already exists");
        var user = new User
        {
            OrganizationId = organizationId,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
            IsOwner = isOwner,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw IdentityErrors.ToValidation(created, "password");
        db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organizationId, Role = role });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Caller(user.Id, organizationId, user.Email, role, user.IsOwner);
    }

    public async Task<PasswordCheck> CheckPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(UserEmails.Normalise(email));
        if (user is null)
        {
            // Spend the same time as a real check, so response times do not reveal which e-mails exist.
            users.PasswordHasher.VerifyHashedPassword(new User { Email = "", DisplayName = "" }, DummyHash.Value, password ?? "");
            return new PasswordCheck(PasswordCheckOutcome.WrongCredentials);
        }
        if (await users.IsLockedOutAsync(user))
            return new PasswordCheck(PasswordCheckOutcome.LockedOut, LockedUntil: user.LockoutEnd);
        // The order of ASP.NET Core's SignInManager.CheckPasswordSignInAsync: a failure counts (and may lock
        // the account), a success resets the count. CheckPasswordAsync also re-hashes an outdated hash.
        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user)
                ? new PasswordCheck(PasswordCheckOutcome.LockedOut, LockedUntil: user.LockoutEnd)
                : new PasswordCheck(PasswordCheckOutcome.WrongCredentials);
        }
        if (user.DeactivatedAt is not null)
            return new PasswordCheck(PasswordCheckOutcome.Deactivated);
        if (user.AccessFailedCount > 0)
            await users.ResetAccessFailedCountAsync(user);
        return new PasswordCheck(PasswordCheckOutcome.Success, user.Id);
    }

    public Task<string?> GetDisplayNameAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (string?)u.DisplayName).FirstOrDefaultAsync(cancellationToken);

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>().HashPassword(new User { Email = "", DisplayName = "" }, Guid.NewGuid().ToString()));
}
