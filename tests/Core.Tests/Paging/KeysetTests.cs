using Crashdesk.Core.Paging;

namespace Crashdesk.Core.Tests.Paging;

/// <summary>
/// The keyset pager over an in-memory list: walking every page with every limit yields each row once, in the order
/// OrderBy gives (NULLs last in both directions, the id breaking ties), and a cursor of another order is refused.
/// </summary>
public sealed class KeysetTests
{
    private sealed record Row(int Id, string? Release, int Priority);

    private static readonly List<Row> Rows =
    [
        new(1, "6.1.0", 2), new(2, null, 1), new(3, "5.10.0", 2), new(4, "6.1.0", 1), new(5, null, 2),
        new(6, "6.2.0", 3), new(7, "5.10.0", 1), new(8, null, 3), new(9, "6.1.0", 2), new(10, "4.19.0", 1),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_page_walk_yields_every_row_once_in_order_with_nulls_last(bool descending)
    {
        var keyset = Keyset<Row>.By(r => r.Release, descending).ThenBy(r => r.Id, descending);
        var withRelease = Rows.Where(r => r.Release is not null);
        var expected = (descending
                ? withRelease.OrderByDescending(r => r.Release, StringComparer.CurrentCulture).ThenByDescending(r => r.Id)
                : withRelease.OrderBy(r => r.Release, StringComparer.CurrentCulture).ThenBy(r => r.Id))
            .Concat(descending ? Rows.Where(r => r.Release is null).OrderByDescending(r => r.Id) : Rows.Where(r => r.Release is null).OrderBy(r => r.Id))
            .Select(r => r.Id).ToList();
        for (int limit = 1; limit <= Rows.Count + 1; limit++)
            Assert.Equal(expected, Walk(keyset, "releases", limit));
    }

    [Fact]
    public void Mixed_directions_keep_their_own_order_per_key()
    {
        // Most urgent first (priority ascending), then the newest id first: one key up, one down.
        var keyset = Keyset<Row>.By(r => r.Priority).ThenBy(r => r.Id, descending: true);
        var expected = Rows.OrderBy(r => r.Priority).ThenByDescending(r => r.Id).Select(r => r.Id).ToList();
        for (int limit = 1; limit <= 4; limit++)
            Assert.Equal(expected, Walk(keyset, "priority", limit));
    }

    [Fact]
    public void Rows_inserted_before_the_position_are_not_seen_and_cause_no_repeat()
    {
        var rows = Rows.ToList();
        var keyset = Keyset<Row>.By(r => r.Id, descending: true);
        var first = KeysetPager.Page(rows, keyset, "ids", PageRequest.Of(null, 3));
        rows.Add(new Row(11, null, 1));
        rows.Add(new Row(12, null, 1));
        var rest = new List<int>();
        for (string? cursor = first.NextCursor; cursor is not null;)
        {
            var page = KeysetPager.Page(rows, keyset, "ids", PageRequest.Of(cursor, 3));
            rest.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        Assert.Equal([10, 9, 8], first.Items.Select(r => r.Id));
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], rest);
    }

    [Fact]
    public void Strings_the_culture_calls_equal_but_not_ordinal_equal_tie_and_are_all_walked()
    {
        // A soft hyphen is ignorable to the culture's comparer (what OrderBy uses): "ab" and "a\u00ADb" tie on the name.
        var rows = new List<Row> { new(1, "ab", 0), new(2, "a\u00ADb", 0), new(3, "ab", 0), new(4, "a\u00ADb", 0), new(5, "b", 0) };
        var keyset = Keyset<Row>.By(r => r.Release).ThenBy(r => r.Id);
        var seen = new List<int>();
        string? cursor = null;
        do
        {
            var page = KeysetPager.Page(rows, keyset, "names", PageRequest.Of(cursor, 1));
            seen.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(rows.OrderBy(r => r.Release).ThenBy(r => r.Id).Select(r => r.Id), seen);
    }

    [Fact]
    public void A_cursor_whose_keys_do_not_fit_the_order_is_refused()
    {
        var byRelease = Keyset<Row>.By(r => r.Release).ThenBy(r => r.Id);
        var byId = Keyset<Row>.By(r => r.Id);
        string cursor = KeysetPager.Page(Rows, byRelease, "same scope", PageRequest.Of(null, 2)).NextCursor!;

        Assert.Throws<InvalidCursorException>(() => KeysetPager.Page(Rows, byId, "same scope", PageRequest.Of(cursor, 2)));
    }

    [Fact]
    public void A_limit_outside_one_to_two_hundred_is_a_validation_error_naming_limit()
    {
        Assert.Equal("limit", Assert.Throws<Crashdesk.Core.Services.ValidationException>(() => PageRequest.Of(null, 0)).Field);
        Assert.Equal("limit", Assert.Throws<Crashdesk.Core.Services.ValidationException>(() => PageRequest.Of(null, 201)).Field);
        Assert.Equal(50, PageRequest.Of(null, null).Limit);
    }

    private static List<int> Walk(Keyset<Row> keyset, string scope, int limit)
    {
        var ids = new List<int>();
        string? cursor = null;
        do
        {
            var page = KeysetPager.Page(Rows, keyset, scope, PageRequest.Of(cursor, limit));
            Assert.True(page.Items.Count <= limit);
            ids.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }
}
