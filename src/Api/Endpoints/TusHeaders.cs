using System.Globalization;
using System.Text;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// The headers of the tus resumable upload protocol 1.0.0 (https://tus.io/protocols/resumable-upload): core
/// (Tus-Resumable, Upload-Offset, Upload-Length), creation (Upload-Metadata), expiration (Upload-Expires, an
/// RFC 9110 HTTP-date), checksum (Upload-Checksum, Tus-Checksum-Algorithm), discovery (Tus-Version, Tus-Extension, Tus-Max-Size).
/// </summary>
internal static class TusHeaders
{
    public const string Version = "1.0.0";
    public const string Resumable = "Tus-Resumable";
    public const string Offset = "Upload-Offset";
    public const string Length = "Upload-Length";
    public const string Metadata = "Upload-Metadata";
    public const string Expires = "Upload-Expires";
    public const string Checksum = "Upload-Checksum";
    public const string Extensions = "creation,checksum,expiration,termination";
    public const string OffsetContentType = "application/offset+octet-stream";

    public static string HttpDate(DateTimeOffset at) => at.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A non-negative decimal header (Upload-Offset, Upload-Length); null when absent or not one.</summary>
    public static long? NonNegative(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>
    /// Upload-Metadata: comma-separated "key base64value" pairs (the value may be absent); keys unique.
    /// False, with the problem, when a pair is malformed or a value is not base64 of UTF-8.
    /// </summary>
    public static bool TryParseMetadata(string? header, out Dictionary<string, string> metadata, out string problem)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = "";
        if (string.IsNullOrWhiteSpace(header))
            return true;
        foreach (var pair in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(' ', 2, StringSplitOptions.TrimEntries);
            string key = parts[0];
            string value = "";
            if (parts.Length == 2)
            {
                try
                {
                    value = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(parts[1]));
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    problem = $"Upload-Metadata value of '{key}' is not base64 of UTF-8 text.";
                    return false;
                }
            }
            if (!metadata.TryAdd(key, value))
            {
                problem = $"Upload-Metadata names '{key}' twice.";
                return false;
            }
        }
        return true;
    }
}
