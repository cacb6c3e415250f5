using System.Globalization;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Paging;

/// <summary>
/// Where a page of a list starts (<see cref="Cursor"/>: the previous page's <c>nextCursor</c>, null for the first
/// page) and how many items it holds at most.
/// </summary>
public sealed record PageRequest(string? Cursor, int Limit)
{
    /// <summary>The largest <c>limit</c> any list accepts.</summary>
    public const int MaxLimit = 200;

    /// <summary>The request of <c>?cursor=&amp;limit=</c>: <paramref name="limit"/> 1 to <see cref="MaxLimit"/>, default <paramref name="defaultLimit"/>.</summary>
    public static PageRequest Of(string? cursor, int? limit, int defaultLimit = 50) => new(
        string.IsNullOrWhiteSpace(cursor) ? null : cursor.Trim(),
        limit is { } given and (< 1 or > MaxLimit)
            ? throw new ValidationException("limit", string.Create(CultureInfo.InvariantCulture, $"limit {given} is not 1 to {MaxLimit}"))
            : limit ?? defaultLimit);
}
