namespace Crashdesk.Core.Services;

/// <summary>
/// Filters, search and order of the case list. Null means "any". <see cref="Assignee"/> is a user id,
/// <c>mine</c> or <c>none</c>; <see cref="KernelRelease"/> matches a prefix (<c>6.1</c> finds
/// <c>6.1.0-18-cloud-amd64</c>); <see cref="HasDump"/> false means log-only (no vmcore); <see cref="Text"/>
/// is a web-search style query (words, "phrases", -not, or) over title, customer, ticket,
/// description, panic line, triage title, guilty frame and notes.
/// </summary>
public sealed record CaseQuery
{
    public const int MaxPageSize = 200;

    public IReadOnlyList<string> Statuses { get; init; } = [];
    public IReadOnlyList<string> Priorities { get; init; } = [];
    public string? Assignee { get; init; }
    public string? Tag { get; init; }
    public string? Customer { get; init; }

    /// <summary>The ticket id in the support centre's ticketing system, matched exactly.</summary>
    public string? ExternalReference { get; init; }
    public string? CrashClass { get; init; }
    public string? KernelRelease { get; init; }
    public bool? HasDump { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public DateTimeOffset? UpdatedFrom { get; init; }
    public DateTimeOffset? UpdatedTo { get; init; }
    public string? Text { get; init; }
    public CaseSort Sort { get; init; } = CaseSort.Updated;
    public bool Descending { get; init; } = true;
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}
