namespace Crashdesk.Core.Domain;

/// <summary>A tag on a case.</summary>
public sealed class CaseTag
{
    public Guid CaseId { get; set; }
    public Guid TagId { get; set; }
}
