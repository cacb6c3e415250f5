namespace Crashdesk.Core.Audit;

/// <summary>
/// An administrator's search of the organisation's audit log. <see cref="Actor"/>: a user or API-key id, or
/// part of the actor's e-mail or name. <see cref="Actions"/>: any of them (empty: all). Newest first.
/// </summary>
public sealed record AuditQuery(
    string? Actor = null, IReadOnlyList<string>? Actions = null, Guid? CaseId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;

    /// <summary>The filters as flat details (what an export records it exported).</summary>
    public IReadOnlyDictionary<string, string> Describe()
    {
        var detail = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(Actor))
            detail["actor"] = Actor;
        if (Actions is { Count: > 0 })
            detail["actions"] = string.Join(",", Actions);
        if (CaseId is { } caseId)
            detail["case"] = caseId.ToString();
        if (From is { } from)
            detail["from"] = from.ToString("O");
        if (To is { } to)
            detail["to"] = to.ToString("O");
        return detail;
    }
}
