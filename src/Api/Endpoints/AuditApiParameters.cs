using Crashdesk.Core.Audit;
using Crashdesk.Core.Paging;

namespace Crashdesk.Api.Endpoints;

/// <summary>GET /api/v1/audit query: the filters of <see cref="AuditListParameters"/>, paged by <c>cursor</c> and <c>limit</c>.</summary>
internal sealed record AuditApiParameters(string? Actor, string[]? Action, Guid? Case, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int? Limit)
{
    public AuditQuery ToQuery() => new AuditListParameters(Actor, Action, Case, From, To, null, null).ToQuery();

    public PageRequest ToPage() => PageRequest.Of(Cursor, Limit);
}

/// <summary>GET /api/v1/audit/export query: the filters only (an export streams every matching event, no page).</summary>
internal sealed record AuditExportParameters(string? Actor, string[]? Action, Guid? Case, DateTimeOffset? From, DateTimeOffset? To)
{
    public AuditQuery ToQuery() => new AuditListParameters(Actor, Action, Case, From, To, null, null).ToQuery();
}
