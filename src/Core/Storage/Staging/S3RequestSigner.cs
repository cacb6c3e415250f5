using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// AWS Signature Version 4 for the S3 requests the Minio SDK 7.0.0 keeps private (multipart create, part,
/// complete, abort: docs/storage.md). Written from the AWS reference "Signature Version 4 signing process"
/// (canonical request → string to sign → HMAC-SHA256 key chain date/region/service/aws4_request): the
/// headers signed are host, x-amz-content-sha256 (the body's SHA-256, never UNSIGNED-PAYLOAD over HTTP),
/// x-amz-date and any other x-amz-* header of the request.
/// </summary>
internal sealed class S3RequestSigner(string accessKey, string secretKey, string region)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public void Sign(HttpRequestMessage request, string bodySha256Hex, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        string amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        request.Headers.Remove("x-amz-date");
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", bodySha256Hex);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}" };
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                headers[name.ToLowerInvariant()] = string.Join(',', values).Trim();
        }
        string signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in headers)
            canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(bodySha256Hex);

        string scope = $"{date}/{region}/s3/aws4_request";
        string toSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        string signature = Hex(Hmac(key, toSign));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>Parameters sorted by name; a bare name ("uploads") is "uploads=". Values here are already URI-safe.</summary>
    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
            return "";
        var pairs = query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=")
            .OrderBy(p => p[..p.IndexOf('=')], StringComparer.Ordinal);
        return string.Join('&', pairs);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
