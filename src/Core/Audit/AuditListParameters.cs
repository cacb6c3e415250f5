using System.Globalization;
using System.Text;

namespace Crashdesk.Core.Audit;

/// <summary>
/// GET /api/v1/audit and /audit/export query: <c>actor</c> (a user or API-key id, or part of an e-mail or name),
/// <c>action</c> (repeat or comma-separate), <c>case</c> (a case id), <c>from</c>/<c>to</c> (ISO 8601, inclusive),
/// <c>page</c> (from 1), <c>pageSize</c> (1–200, 50). The admin page builds its export link with the same names.
/// </summary>
public sealed record AuditListParameters(
    string? Actor, string[]? Action, Guid? Case, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize)
{
    public AuditQuery ToQuery() => new(
        string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
        [.. (Action ?? []).SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        Case, From, To, Page ?? 1, PageSize ?? 50);

    /// <summary>The filters (not the page) as a query string, for an export link.</summary>
    public static string FilterQueryString(AuditQuery query)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("actor", query.Actor);
        Add("action", query.Actions is { Count: > 0 } actions ? string.Join(",", actions) : null);
        Add("case", query.CaseId?.ToString());
        Add("from", query.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", query.To?.ToString("O", CultureInfo.InvariantCulture));
        return new StringBuilder().AppendJoin('&', parts).ToString();
    }
}
