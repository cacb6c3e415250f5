namespace Crashdesk.Core.Audit;

/// <summary>What an audit event is about: an object (its kind and id), the case it belongs to, and flat details.</summary>
public sealed record AuditTarget(string? Kind, Guid? Id, Guid? CaseId = null, IReadOnlyDictionary<string, string>? Detail = null)
{
    public static AuditTarget None { get; } = new(null, null);
}
