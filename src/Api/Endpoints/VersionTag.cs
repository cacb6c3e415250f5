using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// The ETags of editable things: a letter naming the kind (r: a case's revision, e: an environment's
/// version, k: a known issue's version) and the number; If-Match sends one back (RFC 9110 §13.1.1).
/// </summary>
internal static class VersionTag
{
    public static string Of(char kind, int version) => $"\"{kind}{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The number of an ETag of <paramref name="kind"/> (weak or strong); false for anything else.</summary>
    public static bool TryParse(string value, char kind, out int version)
    {
        var tag = value.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
            tag = tag[2..];
        tag = tag.Trim('"');
        version = 0;
        return tag.Length > 1 && tag[0] == kind && int.TryParse(tag.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>The request's If-Match as the version the edit was made on: null without one; false when it is no ETag of <paramref name="kind"/>.</summary>
    public static bool TryExpected(HttpRequest request, char kind, out int? expected)
    {
        expected = null;
        var header = request.Headers[HeaderNames.IfMatch].ToString();
        if (header.Length == 0)
            return true;
        if (!TryParse(header, kind, out int version))
            return false;
        expected = version;
        return true;
    }
}
