namespace Crashdesk.Core.Services;

/// <summary>
/// One page of the case list by cursor, with how many cases match in all (counted up to <see cref="CasePage.CountLimit"/>;
/// past it <see cref="TotalIsLowerBound"/> is true).
/// </summary>
public sealed record CaseCursorPage(IReadOnlyList<CaseSummary> Items, string? NextCursor, int Total, bool TotalIsLowerBound);
