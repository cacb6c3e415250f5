namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/cases: one page of cases and how many match the filters in all.</summary>
public sealed record CasePageDto(IReadOnlyList<CaseSummaryDto> Items, int Total, int Page, int PageSize);
