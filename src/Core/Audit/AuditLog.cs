using Crashdesk.Core.Paging;
using System.Text.Json;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Audit;

internal sealed class AuditLog(CrashdeskDbContext db, TimeProvider clock) : IAuditLog
{
    public async Task AddAsync(Caller caller, string action, AuditTarget target, CancellationToken cancellationToken = default) =>
        db.AuditEvents.Add(await EventAsync(caller, action, target, cancellationToken));

    public async Task WriteAsync(Caller caller, string action, AuditTarget target, CancellationToken cancellationToken = default)
    {
        var row = await EventAsync(caller, action, target, cancellationToken);
        await SaveAsync(row, cancellationToken);
    }

    public async Task WriteSignInAsync(string email, string method, string action, string? reason, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var normalised = UserEmails.Normalise(email);
        var user = await db.Users.AsNoTracking().Where(u => u.Email == normalised)
            .Select(u => new { u.Id, u.DisplayName, u.OrganizationId }).FirstOrDefaultAsync(cancellationToken);
        var organizationId = user?.OrganizationId ?? await db.Organizations.AsNoTracking().Where(o => o.IsProvider)
            .OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (organizationId is null)
            return;
        var row = new AuditEvent
        {
            OrganizationId = organizationId.Value,
            At = clock.GetUtcNow(),
            ActorUserId = user?.Id,
            ActorName = user?.DisplayName,
            // An unknown "e-mail" is kept only when it looks like one: a password typed into the wrong field must not be.
            ActorEmail = user is not null || LooksLikeEmail(normalised) ? Truncate(normalised, 320) : null,
            ClientAddress = Truncate(clientAddress, 64),
            Action = action,
            TargetKind = "user",
            TargetId = user?.Id,
            Detail = JsonSerializer.Serialize(reason is null
                ? new Dictionary<string, string> { ["method"] = method }
                : new Dictionary<string, string> { ["method"] = method, ["reason"] = reason }),
        };
        await SaveAsync(row, cancellationToken);
    }

    public async Task<AuditPage> SearchAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var filtered = Filtered(caller, query);
        int total = await filtered.CountAsync(cancellationToken);
        var rows = await WithKeyNames(filtered.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize))
            .ToListAsync(cancellationToken);
        return new AuditPage([.. rows.Select(r => View(r.Event, r.KeyName))], total, query.Page, query.PageSize);
    }

    private static readonly Keyset<AuditEvent> NewestFirst = Keyset<AuditEvent>.By(e => e.At, true).ThenBy(e => e.Id, true);

    public async Task<AuditCursorPage> SearchAsync(Caller caller, AuditQuery query, PageRequest request, CancellationToken cancellationToken = default)
    {
        var filtered = Filtered(caller, query);
        string scope = string.Join('\u001f', new object?[] { "audit", caller.OrganizationId }.Concat(query.Describe().OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => (object?)$"{d.Key}={d.Value}")));
        var position = KeysetPager.Decode(request, scope);
        int total = await filtered.CountAsync(cancellationToken);
        var page = await KeysetPager.PageAsync(filtered, NewestFirst, scope, request.Limit, position, WithKeyNames, r => r.Event, null, cancellationToken);
        return new AuditCursorPage([.. page.Items.Select(r => View(r.Event, r.KeyName))], page.NextCursor, total);
    }

    public Task RecordExportAsync(Caller caller, AuditQuery query, AuditExportFormat format, CancellationToken cancellationToken = default)
    {
        Filtered(caller, query);
        var detail = new Dictionary<string, string>(query.Describe()) { ["format"] = format == AuditExportFormat.Csv ? "csv" : "jsonl" };
        return WriteAsync(caller, AuditAction.AuditExport, new AuditTarget(null, null, query.CaseId, detail), cancellationToken);
    }

    public async Task ExportAsync(Caller caller, AuditQuery query, AuditExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        var rows = WithKeyNames(Filtered(caller, query).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)).AsAsyncEnumerable();
        var writer = new AuditExportWriter(output, format);
        await writer.WriteHeaderAsync(cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
            await writer.WriteAsync(View(row.Event, row.KeyName), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The organisation's events matching the filters; checks the caller may search and the filters make sense.</summary>
    private IQueryable<AuditEvent> Filtered(Caller caller, AuditQuery query)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only the organisation's administrators read its audit log.");
        AuditQueryRules.Validate(query);
        var events = db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == caller.OrganizationId);
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            if (Guid.TryParse(actor, out var id))
                events = events.Where(e => e.ActorUserId == id || e.ApiKeyId == id);
            else
            {
                var pattern = "%" + AuditQueryRules.EscapeLike(actor) + "%";
                events = events.Where(e => EF.Functions.ILike(e.ActorEmail!, pattern, "\\") || EF.Functions.ILike(e.ActorName!, pattern, "\\"));
            }
        }
        if (query.Actions is { Count: > 0 } actions)
            events = events.Where(e => actions.Contains(e.Action));
        if (query.CaseId is { } caseId)
            events = events.Where(e => e.CaseId == caseId);
        if (query.From is { } from)
            events = events.Where(e => e.At >= from);
        if (query.To is { } to)
            events = events.Where(e => e.At <= to);
        return events;
    }

    private IQueryable<EventWithKey> WithKeyNames(IQueryable<AuditEvent> events) =>
        from e in events
        join k in db.ApiKeys on e.ApiKeyId equals (Guid?)k.Id into keys
        from k in keys.DefaultIfEmpty()
        select new EventWithKey(e, k == null ? null : k.Name);

    private async Task<AuditEvent> EventAsync(Caller caller, string action, AuditTarget target, CancellationToken cancellationToken)
    {
        // The name as it is now: the row keeps it if the person is renamed or removed later.
        var name = await db.Users.AsNoTracking().Where(u => u.Id == caller.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return new AuditEvent
        {
            OrganizationId = caller.OrganizationId,
            At = clock.GetUtcNow(),
            ActorUserId = caller.UserId,
            ActorName = Truncate(name, 200),
            ActorEmail = Truncate(caller.Email, 320),
            ApiKeyId = caller.ApiKeyId,
            ClientAddress = Truncate(caller.ClientAddress, 64),
            Action = action,
            TargetKind = target.Kind,
            TargetId = target.Id,
            CaseId = target.CaseId,
            Detail = target.Detail is { Count: > 0 } detail ? JsonSerializer.Serialize(detail) : null,
        };
    }

    private async Task SaveAsync(AuditEvent row, CancellationToken cancellationToken)
    {
        var entry = db.AuditEvents.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // Not retried by a later SaveChanges of this scope: the read it was for is refused instead.
            entry.State = EntityState.Detached;
            throw new AuditUnavailableException(row.Action, e);
        }
    }

    private static AuditEventView View(AuditEvent e, string? keyName) => new(
        e.Id, e.At, e.ActorUserId, e.ActorName, e.ActorEmail, e.ApiKeyId, keyName, e.ClientAddress, e.Action, e.TargetKind, e.TargetId, e.CaseId,
        e.Detail is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(e.Detail));

    private static bool LooksLikeEmail(string value) => value.Length <= 320 && value.IndexOf('@') > 0 && !value.Any(char.IsWhiteSpace);

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    private sealed record EventWithKey(AuditEvent Event, string? KeyName);
}
