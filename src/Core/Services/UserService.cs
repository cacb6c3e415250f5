using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class UserService(CrashdeskDbContext db, IPasswordHasher<User> hasher) : IUserService
{
    public const int MinPasswordLength = 12;

    public async Task<Caller> CreateAsync(
        Guid organizationId, string email, string displayName, string password, bool isAdmin, CancellationToken cancellationToken = default, bool isOwner = false)
    {
        email = NormaliseEmail(email);
        if (email.Length is 0 or > 320 || !email.Contains('@'))
            throw new ValidationException("email", "a valid e-mail address is required");
        if (password.Length < MinPasswordLength)
            throw new ValidationException("password", $"the password must have at least {MinPasswordLength} characters");
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            throw new ValidationException("email", $"a user with e-mail {email} already exists");
        var user = new User
        {
            OrganizationId = organizationId,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
            IsAdmin = isAdmin,
            IsOwner = isOwner,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return ToCaller(user);
    }

    public async Task<Caller?> VerifyPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        email = NormaliseEmail(email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            // Spend the same time as a real check, so response times do not reveal which e-mails exist.
            hasher.VerifyHashedPassword(new User { Email = "", DisplayName = "" }, DummyHash.Value, password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
            return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }
        return ToCaller(user);
    }

    public async Task<Caller?> FindAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : ToCaller(user);
    }

    public Task<string?> GetDisplayNameAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (string?)u.DisplayName).FirstOrDefaultAsync(cancellationToken);

    private static string NormaliseEmail(string email) => (email ?? "").Trim().ToLowerInvariant();

    private static Caller ToCaller(User user) => new(user.Id, user.OrganizationId, user.Email, user.IsAdmin ? OrganizationRole.Admin : OrganizationRole.Engineer, user.IsOwner);

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>().HashPassword(new User { Email = "", DisplayName = "" }, Guid.NewGuid().ToString()));
}
