using Crashdesk.Core.Paging;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// The shape of every list of the API: one page of <c>items</c> and <c>nextCursor</c>, to send back as <c>?cursor=</c>
/// (with the same filters and sort) for the next page; null on the last page. A list small by nature answers every
/// item with <c>nextCursor</c> null.
/// </summary>
public sealed record CursorPageDto<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    public static CursorPageDto<T> Of<TView>(CursorPage<TView> page, Func<TView, T> map) => new([.. page.Items.Select(map)], page.NextCursor);

    /// <summary>Every item of a list bounded by nature; no next page.</summary>
    public static CursorPageDto<T> All(IEnumerable<T> items) => new([.. items], null);
}
