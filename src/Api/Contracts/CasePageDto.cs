namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET /api/v1/cases: one page of cases and how many match the filters in all, counted up to 10 000:
/// past that <c>totalIsLowerBound</c> is true and <c>total</c> is 10 000.
/// </summary>
public sealed record CasePageDto(IReadOnlyList<CaseSummaryDto> Items, int Total, int Page, int PageSize, bool TotalIsLowerBound);
