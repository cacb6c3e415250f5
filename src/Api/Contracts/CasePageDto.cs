namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET /api/v1/cases: one page of cases, the cursor of the next page (null: the last), and how many match the filters
/// in all, counted up to 10 000: past that <c>totalIsLowerBound</c> is true and <c>total</c> is 10 000.
/// </summary>
public sealed record CasePageDto(IReadOnlyList<CaseSummaryDto> Items, string? NextCursor, int Total, bool TotalIsLowerBound);
