using System.Net.Http.Json;
using Crashdesk.Api.Contracts;

namespace Crashdesk.Api.Tests.Support;

/// <summary>Reads a list of the API as a client does: page after page by <c>nextCursor</c> until it is null.</summary>
internal static class Pages
{
    /// <summary>Every item of the list at <paramref name="url"/>, in order, walked with <paramref name="limit"/> items a page.</summary>
    public static async Task<List<T>?> GetAllAsync<T>(this HttpClient client, string url, int? limit = null)
    {
        var items = new List<T>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<CursorPageDto<T>>(With(url, cursor, limit), Json.Web)
                ?? throw new InvalidOperationException($"{url} answered JSON null");
            if (limit is { } max)
                Assert.True(page.Items.Count <= max, $"{url}: a page of {page.Items.Count} items with limit={max}");
            items.AddRange(page.Items);
            cursor = page.NextCursor;
            Assert.True(++pages < 10_000, $"{url}: no end of pages");
        }
        while (cursor is not null);
        return items;
    }

    /// <summary><paramref name="url"/> with <c>cursor</c> and <c>limit</c> added to its query.</summary>
    public static string With(string url, string? cursor, int? limit)
    {
        var parts = new List<string>();
        if (cursor is not null)
            parts.Add("cursor=" + Uri.EscapeDataString(cursor));
        if (limit is not null)
            parts.Add("limit=" + limit);
        return parts.Count == 0 ? url : url + (url.Contains('?') ? "&" : "?") + string.Join('&', parts);
    }
}
