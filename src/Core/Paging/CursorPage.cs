namespace Crashdesk.Core.Paging;

/// <summary>
/// One page of a list and the cursor of the next one (null: this was the last page). The items are in the list's
/// order; the next page starts after the last of them, whatever was inserted or deleted meanwhile.
/// </summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    public CursorPage<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], NextCursor);

    /// <summary>A list small by nature (an organisation's webhooks, its API keys): every item, no next page.</summary>
    public static CursorPage<T> All(IEnumerable<T> items) => new([.. items], null);
}
