using Crashdesk.Api.Contracts;
using Crashdesk.Core.Paging;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Pages a list a service answers whole (a case's notes, its timeline, its report versions: tens to hundreds of rows,
/// read in one query) by the same keyset and cursor as the lists paged in SQL, so that a client has one pager and a
/// row created while it pages is neither skipped nor repeated.
/// </summary>
internal static class ListPaging
{
    /// <summary>The OpenAPI description's sentence for such a list.</summary>
    public const string Described = " Paged by cursor (?cursor= the previous page's nextCursor, ?limit= 1-200, 50); no total.";

    /// <summary>The OpenAPI description's sentence for a list bounded by nature.</summary>
    public const string Whole = " Every item in one page (nextCursor is always null); no total.";

    public static CursorPageDto<T> Page<T>(IEnumerable<T> all, Keyset<T> keyset, string scope, string? cursor, int? limit) =>
        CursorPageDto<T>.Of(KeysetPager.Page(all, keyset, scope, PageRequest.Of(cursor, limit)), item => item);
}
