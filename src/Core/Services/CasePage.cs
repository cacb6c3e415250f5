namespace Crashdesk.Core.Services;

/// <summary>
/// One page of the case list and how many cases match in all — counted up to
/// <see cref="CountLimit"/>: past it <see cref="TotalIsLowerBound"/> is true ("more than 10 000"),
/// so that a filter matching most of a large installation does not read every case to count them.
/// </summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize, bool TotalIsLowerBound = false)
{
    public const int CountLimit = 10_000;
}
