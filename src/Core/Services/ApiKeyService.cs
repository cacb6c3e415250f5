using System.Security.Cryptography;
using System.Text;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class ApiKeyService(CrashdeskDbContext db) : IApiKeyService
{
    /// <summary>Marks our keys in logs and secret scanners.</summary>
    public const string KeyPrefix = "cdk_";

    public async Task<CreatedApiKey> CreateAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new ValidationException("name", "a key name of 1 to 200 characters is required");
        // 256 random bits, URL-safe.
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            OrganizationId = caller.OrganizationId,
            UserId = caller.UserId,
            Name = name.Trim(),
            Prefix = secret[..12],
            KeyHash = Hash(secret),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(Views.Of(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == caller.OrganizationId)
            .OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return [.. keys.Select(Views.Of)];
    }

    public async Task<bool> RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken = default)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.OrganizationId == caller.OrganizationId, cancellationToken);
        if (key is null)
            return false;
        key.RevokedAt ??= DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<Caller?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
            return null;
        var hash = Hash(secret);
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { KeyId = k.Id, UserId = u.Id, u.OrganizationId, u.Email, u.IsAdmin, u.IsOwner })
            .Select(x => new Caller(x.UserId, x.OrganizationId, x.Email, x.IsAdmin ? OrganizationRole.Admin : OrganizationRole.Engineer, x.IsOwner) { ApiKeyId = x.KeyId })
            .FirstOrDefaultAsync(cancellationToken);
        return match;
    }

    /// <summary>Lower-case hex SHA-256: the lookup is an index hit on the hash, no plaintext stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
