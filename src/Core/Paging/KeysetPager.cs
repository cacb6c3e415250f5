using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Crashdesk.Core.Paging;

/// <summary>
/// One page of a list by keyset: decode the cursor (made for this <c>scope</c>), keep the rows after its position,
/// order, read <c>limit + 1</c> rows (the extra one only says whether a next page exists), and make the next cursor
/// from the page's last row. The one implementation every list uses, in SQL or in memory.
/// </summary>
public static class KeysetPager
{
    /// <summary>The position <paramref name="request"/>'s cursor encodes, or null on the first page.</summary>
    public static CursorPosition? Decode(PageRequest request, string scope) =>
        request.Cursor is null ? null : CursorCodec.Decode(request.Cursor, scope);

    public static Task<CursorPage<T>> PageAsync<T>(
        IQueryable<T> source, Keyset<T> keyset, string scope, PageRequest request, CancellationToken cancellationToken = default) =>
        PageAsync(source, keyset, scope, request.Limit, Decode(request, scope), rows => rows, row => row, null, cancellationToken);

    /// <summary>
    /// The page, each row projected by <paramref name="project"/> after the seek (joins for the page's rows only);
    /// <paramref name="keyRow"/> gives back the ordered row of a projection. <paramref name="mode"/> travels in the
    /// next cursor (a choice the first page made, such as ranking a search or not).
    /// </summary>
    public static async Task<CursorPage<TOut>> PageAsync<T, TOut>(
        IQueryable<T> source, Keyset<T> keyset, string scope, int limit, CursorPosition? position,
        Func<IQueryable<T>, IQueryable<TOut>> project, Func<TOut, T> keyRow, string? mode, CancellationToken cancellationToken = default)
    {
        var query = project(Seek(source, keyset, limit, position));
        var read = query.Provider is IAsyncQueryProvider ? await query.ToListAsync(cancellationToken) : [.. query];
        return Finish(read, keyset, scope, limit, keyRow, mode);
    }

    /// <summary>A page of a list a service already holds in memory (a case's notes, its timeline): the same keyset, in LINQ to Objects.</summary>
    public static CursorPage<T> Page<T>(IEnumerable<T> all, Keyset<T> keyset, string scope, PageRequest request)
    {
        List<T> read = [.. Seek(all.AsQueryable(), keyset, request.Limit, Decode(request, scope))];
        return Finish(read, keyset, scope, request.Limit, row => row, null);
    }

    /// <summary>The rows after the cursor's position, in the keyset's order, one more than a page (it says whether a next page exists).</summary>
    private static IQueryable<T> Seek<T>(IQueryable<T> source, Keyset<T> keyset, int limit, CursorPosition? position) =>
        keyset.Order(position is null ? source : keyset.After(source, keyset.Read(position.Keys))).Take(limit + 1);

    private static CursorPage<TOut> Finish<T, TOut>(List<TOut> read, Keyset<T> keyset, string scope, int limit, Func<TOut, T> keyRow, string? mode)
    {
        bool more = read.Count > limit;
        if (more)
            read.RemoveAt(limit);
        return new CursorPage<TOut>(read, more ? CursorCodec.Encode(scope, keyset.PositionOf(keyRow(read[^1])), mode) : null);
    }
}
