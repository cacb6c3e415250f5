using Crashdesk.Core.Services;

namespace Crashdesk.Core.Audit;

/// <summary>What an audit search may ask for; a refusal names the filter (API: 400 ProblemDetails).</summary>
internal static class AuditQueryRules
{
    public static void Validate(AuditQuery query)
    {
        if (query.Actions?.FirstOrDefault(a => !AuditAction.All.Contains(a)) is { } unknown)
            throw new ValidationException("action", $"unknown action '{unknown}'; known: {string.Join(", ", AuditAction.All)}");
        if (query.Page < 1)
            throw new ValidationException("page", "page starts at 1");
        if (query.PageSize is < 1 or > AuditQuery.MaxPageSize)
            throw new ValidationException("pageSize", $"pageSize must be 1 to {AuditQuery.MaxPageSize}");
        if (query.From > query.To)
            throw new ValidationException("from", "from is after to");
        if (query.Actor is { Length: > 320 })
            throw new ValidationException("actor", "actor is at most 320 characters");
    }

    /// <summary>A literal for ILIKE with '\' as the escape character.</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
