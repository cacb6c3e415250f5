namespace Crashdesk.Core.Services;

/// <summary>One page of the case list and how many cases match in all.</summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize);
