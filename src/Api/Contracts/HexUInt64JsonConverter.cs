using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// 64-bit unsigned values (kernel addresses, registers, masks) go on the wire as <c>"0x…"</c> strings: a
/// JavaScript client parses JSON numbers as doubles, exact only to 2^53, and would turn
/// <c>0xffff897f82334180</c> into <c>…4000</c>. Reads accept the string and, from older clients, a plain number.
/// A client in .NET adds this converter to its JsonSerializerOptions.
/// </summary>
public sealed class HexUInt64JsonConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return reader.GetUInt64();
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("a 64-bit value is a \"0x…\" hex string");
        var text = reader.GetString()!;
        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed ? value : throw new JsonException($"'{text}' is no \"0x…\" hex value");
    }

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[18];
        text[0] = (byte)'0';
        text[1] = (byte)'x';
        Utf8Formatter.TryFormat(value, text[2..], out int written, new System.Buffers.StandardFormat('x'));
        writer.WriteStringValue(text[..(2 + written)]);
    }
}
