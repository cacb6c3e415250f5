using System.Text.Json;
using Crashdesk.Core.Paging;

namespace Crashdesk.Core.Tests.Paging;

/// <summary>The cursor codec: a round trip keeps keys and mode; another scope, a damaged or foreign string are refused.</summary>
public sealed class CursorCodecTests
{
    private static readonly IReadOnlyList<JsonElement> Keys =
    [
        JsonSerializer.SerializeToElement(DateTimeOffset.Parse("2026-12-04T10:11:12.123456+00:00")),
        JsonSerializer.SerializeToElement<string?>(null),
        JsonSerializer.SerializeToElement(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")),
    ];

    [Fact]
    public void A_cursor_gives_back_its_keys_and_mode_for_its_scope()
    {
        string cursor = CursorCodec.Encode("cases|org|sort=updated", Keys, "ranked");

        var position = CursorCodec.Decode(cursor, "cases|org|sort=updated");

        Assert.Equal(3, position.Keys.Count);
        Assert.Equal(Keys[0].GetDateTimeOffset(), position.Keys[0].GetDateTimeOffset());
        Assert.Equal(Keys[0].GetDateTimeOffset().UtcTicks, position.Keys[0].GetDateTimeOffset().UtcTicks);
        Assert.Equal(JsonValueKind.Null, position.Keys[1].ValueKind);
        Assert.Equal(Keys[2].GetGuid(), position.Keys[2].GetGuid());
        Assert.Equal("ranked", position.Mode);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }

    [Fact]
    public void A_cursor_of_another_scope_is_refused_naming_the_sort_or_filters()
    {
        string cursor = CursorCodec.Encode("cases|org|sort=updated", Keys);

        var refused = Assert.Throws<InvalidCursorException>(() => CursorCodec.Decode(cursor, "cases|org|sort=title"));

        Assert.Contains("another sort order or other filters", refused.Message);
        Assert.Equal("cursor", refused.Parameter);
    }

    [Fact]
    public void Every_edited_character_is_noticed()
    {
        string cursor = CursorCodec.Encode("audit|org", Keys);
        // The last character may carry unused bits of the base64 alphabet: every other one is payload or checksum.
        for (int i = 0; i < cursor.Length - 1; i++)
        {
            char other = cursor[i] == 'A' ? 'B' : 'A';
            string edited = cursor[..i] + other + cursor[(i + 1)..];
            Assert.Throws<InvalidCursorException>(() => CursorCodec.Decode(edited, "audit|org"));
        }
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("AQ")]
    [InlineData("")]
    [InlineData("eyJzIjoiIiwiayI6W119")] // a bare JSON payload, no version nor checksum
    public void Garbage_is_refused(string cursor) =>
        Assert.Throws<InvalidCursorException>(() => CursorCodec.Decode(cursor, "scope"));

    [Fact]
    public void A_cursor_of_another_format_version_is_refused()
    {
        string cursor = CursorCodec.Encode("scope", Keys);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);
        bytes[0] = CursorCodec.Version + 1;

        var refused = Assert.Throws<InvalidCursorException>(() => CursorCodec.Decode(System.Buffers.Text.Base64Url.EncodeToString(bytes), "scope"));

        Assert.Contains("another version", refused.Message);
    }

    [Fact]
    public void An_overlong_cursor_is_refused_before_it_is_decoded() =>
        Assert.Throws<InvalidCursorException>(() => CursorCodec.Decode(new string('A', CursorCodec.MaxLength + 1), "scope"));
}
