using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>A case of the list with its search rank (0 unless the list is ranked by relevance): what the list's order reads.</summary>
public sealed class CaseRow
{
    public required Case Case { get; init; }
    public float Rank { get; init; }
}
