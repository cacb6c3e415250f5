using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Crashdesk.Core.Paging;

/// <summary>
/// The opaque cursor of a list: base64url (RFC 4648 §5) of a version byte, a small JSON payload and a checksum.
/// The payload holds a digest of the list's <em>scope</em> (which list, its filters and sort: a cursor used with
/// others is refused, not silently applied to another order), an optional mode the list chose on its first page,
/// and the last row's sort keys with its id. The checksum (SHA-256 of version and payload, 12 bytes) refuses garbled
/// or edited cursors. It is not a secret: a client that forged a position could only seek within a list it is
/// allowed to read anyway (every list is scoped to the caller's organisation in SQL), so no key is needed — and a
/// cursor stays valid across restarts and every Api instance.
/// </summary>
public static class CursorCodec
{
    /// <summary>The payload format; a cursor of another version is refused (clients start again from the first page).</summary>
    public const byte Version = 1;

    private const int ChecksumLength = 12;
    private const int ScopeDigestLength = 12;

    /// <summary>Longest cursor accepted: keys are a few short values (a title is the longest), well below this.</summary>
    public const int MaxLength = 4096;

    public static string Encode(string scope, IReadOnlyList<JsonElement> keys, string? mode = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(ScopeDigest(scope), mode, keys), PayloadJson.Default.Payload);
        var bytes = new byte[1 + payload.Length + ChecksumLength];
        bytes[0] = Version;
        payload.CopyTo(bytes, 1);
        Checksum(bytes.AsSpan(0, 1 + payload.Length)).CopyTo(bytes, 1 + payload.Length);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The keys and mode of <paramref name="cursor"/>, which must have been made for <paramref name="scope"/>.</summary>
    public static CursorPosition Decode(string cursor, string scope)
    {
        if (cursor.Length > MaxLength)
            throw Invalid("is too long to be a cursor of this list");
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            throw Invalid("is not a cursor this server made (not base64url)");
        }
        if (bytes.Length < 1 + ChecksumLength + 2)
            throw Invalid("is too short to be a cursor");
        if (bytes[0] != Version)
            throw Invalid("was made by another version of the server; start again from the first page");
        var body = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        if (!CryptographicOperations.FixedTimeEquals(Checksum(body), bytes.AsSpan(bytes.Length - ChecksumLength)))
            throw Invalid("is damaged or was edited (its checksum does not match)");
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body[1..], PayloadJson.Default.Payload);
        }
        catch (JsonException)
        {
            throw Invalid("is damaged (its payload is not readable)");
        }
        if (payload?.Keys is null || payload.Scope is null)
            throw Invalid("is damaged (its payload is incomplete)");
        if (payload.Scope != ScopeDigest(scope))
            throw Invalid("was made for another sort order or other filters; send the same sort and filters as for the first page, or start again without cursor");
        return new CursorPosition(payload.Keys, payload.Mode);
    }

    private static InvalidCursorException Invalid(string why) => new($"The cursor {why}.");

    private static string ScopeDigest(string scope) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, ScopeDigestLength));

    private static byte[] Checksum(ReadOnlySpan<byte> body) => SHA256.HashData(body)[..ChecksumLength];

    internal sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("s")] string Scope,
        [property: System.Text.Json.Serialization.JsonPropertyName("m")] string? Mode,
        [property: System.Text.Json.Serialization.JsonPropertyName("k")] IReadOnlyList<JsonElement> Keys);
}

/// <summary>The decoded position: the last row's keys (in the list's key order) and the mode the list chose.</summary>
public sealed record CursorPosition(IReadOnlyList<JsonElement> Keys, string? Mode);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CursorCodec.Payload))]
internal sealed partial class PayloadJson : System.Text.Json.Serialization.JsonSerializerContext;
