using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Crashdesk.Core.Telemetry;

/// <summary>The scrape endpoint's check: <c>Authorization: Bearer &lt;Telemetry:Prometheus:ScrapeToken&gt;</c>, compared in constant time.</summary>
internal static class ScrapeToken
{
    public const int MinLength = 32;

    public static bool Allows(HttpRequest request, string token)
    {
        string header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        // Hashed first so that neither the comparison nor its length check tells how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
