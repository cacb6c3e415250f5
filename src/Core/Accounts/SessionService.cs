using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Accounts;

internal sealed class SessionService(CrashdeskDbContext db, IOptions<AccountOptions> options, TimeProvider clock) : ISessionService
{
    public async Task<Guid?> BeginAsync(Guid userId, string? remoteAddress, string? userAgent, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.DeactivatedAt == null, cancellationToken);
        if (user is null)
            return null;
        var organizations = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt).Select(m => m.OrganizationId).ToListAsync(cancellationToken);
        if (organizations.Count == 0)
            return null;
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            UserId = userId,
            OrganizationId = organizations.Contains(user.OrganizationId) ? user.OrganizationId : organizations[0],
            SecurityStamp = user.SecurityStamp,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + options.Value.SessionIdleTimeout,
            RemoteAddress = Truncate(remoteAddress, 64),
            UserAgent = Truncate(userAgent, 300),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    public async Task<Caller?> ResolveAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var row = await (
            from s in db.UserSessions.AsNoTracking()
            where s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now
            join u in db.Users on s.UserId equals u.Id
            where u.DeactivatedAt == null && u.SecurityStamp == s.SecurityStamp
            join m in db.Memberships on new { s.UserId, s.OrganizationId } equals new { m.UserId, m.OrganizationId }
            select new { s.UserId, s.OrganizationId, s.LastSeenAt, u.Email, u.IsOwner, m.Role })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        // Sliding expiry, written at most once a minute: a page of many requests costs one UPDATE, not one each.
        if (now - row.LastSeenAt > TimeSpan.FromMinutes(1))
        {
            var expires = now + options.Value.SessionIdleTimeout;
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now).SetProperty(s => s.ExpiresAt, expires), cancellationToken);
        }
        return new Caller(row.UserId, row.OrganizationId, row.Email, row.Role, row.IsOwner) { SessionId = sessionId };
    }

    public Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }

    public async Task<bool> SwitchOrganizationAsync(Guid sessionId, Guid organizationId, CancellationToken cancellationToken = default)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null, cancellationToken);
        if (session is null || !await db.Memberships.AnyAsync(m => m.UserId == session.UserId && m.OrganizationId == organizationId, cancellationToken))
            return false;
        session.OrganizationId = organizationId;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
