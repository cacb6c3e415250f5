using System.Security.Cryptography;
using System.Text;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Services;

internal sealed class ApiKeyService(CrashdeskDbContext db, IOptions<AccountOptions> options, TimeProvider clock, IAuditLog audit) : IApiKeyService
{
    /// <summary>Marks our keys in logs and secret scanners.</summary>
    public const string KeyPrefix = "cdk_";

    public async Task<CreatedApiKey> CreateAsync(Caller caller, NewApiKey request, CancellationToken cancellationToken = default)
    {
        var name = (request.Name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new ValidationException("name", "a key name of 1 to 200 characters is required");
        if ((request.Scopes & ApiKeyScopes.All) == ApiKeyScopes.None)
            throw new ValidationException("scopes", "a key needs at least one scope: read, upload, write or admin");
        if (request.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            throw new ValidationException("expiresAt", "the expiry must be in the future");
        // A key made by an API key cannot outgrow the key that made it.
        var scopes = request.Scopes & ApiKeyScopes.All & caller.Scopes;
        var (key, secret) = NewKey(caller.OrganizationId, caller.UserId, name, scopes, request.ExpiresAt, request.AllOrganizations);
        db.ApiKeys.Add(key);
        await audit.AddAsync(caller, AuditAction.ApiKeyCreate, KeyTarget(key.Id, ("name", name), ("scopes", ApiKeyScopeNames.Name(scopes))), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(Views.Of(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var keys = await Manageable(caller).AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return [.. keys.Select(Views.Of)];
    }

    public async Task<bool> RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken = default)
    {
        var key = await Manageable(caller).FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
            return false;
        if (key.RevokedAt is null)
            await audit.AddAsync(caller, AuditAction.ApiKeyRevoke, KeyTarget(key.Id, ("name", key.Name)), cancellationToken);
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<CreatedApiKey?> RotateAsync(Caller caller, Guid keyId, TimeSpan? grace, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var old = await Manageable(caller).FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
        if (old is null)
            return null;
        var keep = grace ?? options.Value.RotationGrace;
        if (keep < TimeSpan.Zero || keep > TimeSpan.FromDays(30))
            throw new ValidationException("graceHours", "the old key may stay valid for 0 to 720 hours");
        var (key, secret) = NewKey(old.OrganizationId, old.UserId, old.Name, old.Scopes, old.ExpiresAt, old.AllOrganizations);
        var oldEnds = now + keep;
        old.ExpiresAt = old.ExpiresAt is { } e && e < oldEnds ? e : oldEnds;
        db.ApiKeys.Add(key);
        await audit.AddAsync(caller, AuditAction.ApiKeyRotate,
            KeyTarget(old.Id, ("name", old.Name), ("newKeyId", key.Id.ToString()), ("oldValidUntil", old.ExpiresAt.Value.ToString("O"))), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(Views.Of(key), secret);
    }

    public async Task<Caller?> AuthenticateAsync(string secret, string? remoteAddress, Guid? organizationId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
            return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
            .Join(db.Users.Where(u => u.DeactivatedAt == null), k => k.UserId, u => u.Id,
                (k, u) => new { k.Id, k.UserId, k.OrganizationId, k.AllOrganizations, k.Scopes, k.LastUsedAt, k.LastUsedAddress, u.Email, u.IsOwner })
            .FirstOrDefaultAsync(cancellationToken);
        if (key is null)
            return null;
        var actIn = organizationId ?? key.OrganizationId;
        if (actIn != key.OrganizationId && !key.AllOrganizations)
            return null;
        // The role is read now: a role change or a removed membership applies to the key at once.
        var role = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == key.UserId && m.OrganizationId == actIn)
            .Select(m => (OrganizationRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (role is null)
            return null;
        var address = remoteAddress is { Length: > 64 } ? remoteAddress[..64] : remoteAddress;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1) || key.LastUsedAddress != address)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now).SetProperty(k => k.LastUsedAddress, address), cancellationToken);
        }
        return new Caller(key.UserId, actIn, key.Email, role.Value, key.IsOwner) { ApiKeyId = key.Id, Scopes = key.Scopes, ClientAddress = address };
    }

    private static AuditTarget KeyTarget(Guid keyId, params (string Name, string Value)[] detail) =>
        new("apikey", keyId, null, detail.ToDictionary(d => d.Name, d => d.Value));

    /// <summary>Lower-case hex SHA-256: the lookup is an index hit on the hash, no plaintext stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Administrators manage the organisation's keys; everyone else only their own.</summary>
    private IQueryable<ApiKey> Manageable(Caller caller) =>
        db.ApiKeys.Where(k => k.OrganizationId == caller.OrganizationId && (caller.IsAdmin || k.UserId == caller.UserId));

    private static (ApiKey Key, string Secret) NewKey(Guid organizationId, Guid userId, string name, ApiKeyScopes scopes, DateTimeOffset? expiresAt, bool allOrganizations)
    {
        // 256 random bits, URL-safe.
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            OrganizationId = organizationId,
            UserId = userId,
            Name = name,
            Prefix = secret[..12],
            KeyHash = Hash(secret),
            Scopes = scopes,
            ExpiresAt = expiresAt,
            AllOrganizations = allOrganizations,
        };
        return (key, secret);
    }
}
