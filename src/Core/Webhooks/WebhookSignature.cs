using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Signing and verification by the Standard Webhooks scheme (https://www.standardwebhooks.com,
/// spec/standard-webhooks.md, "Signature scheme"): the headers <c>webhook-id</c>, <c>webhook-timestamp</c>
/// (Unix seconds) and <c>webhook-signature</c>, which holds space-separated <c>v1,&lt;base64&gt;</c>
/// entries, each the HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> under the secret's key (the base64
/// after <c>whsec_</c>). Several entries are sent while a rotated secret still overlaps. A receiver
/// checks any entry against its secret, in constant time, and refuses timestamps outside the replay
/// window (the scheme's suggestion is five minutes), so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>The replay window receivers should use unless they know better.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new secret: 32 random bytes, base64, with the scheme's <c>whsec_</c> prefix.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>One <c>v1,…</c> signature entry of <paramref name="body"/>.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), content));
    }

    /// <summary>
    /// Checks a received request: the timestamp within <paramref name="tolerance"/> of <paramref name="now"/>
    /// (either side), and some <c>v1</c> entry of <paramref name="signatureHeader"/> matching the body.
    /// </summary>
    public static WebhookVerification Verify(string secret, string? id, string? timestamp, string? signatureHeader, string body,
        DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            return WebhookVerification.Malformed;
        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sent).Duration() > (tolerance ?? DefaultTolerance))
            return WebhookVerification.StaleTimestamp;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, seconds, body));
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry), expected))
                return WebhookVerification.Valid;
        }
        return WebhookVerification.BadSignature;
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}

/// <summary>What <see cref="WebhookSignature.Verify"/> found.</summary>
public enum WebhookVerification
{
    Valid,
    /// <summary>A header is missing or the timestamp is no number.</summary>
    Malformed,
    /// <summary>Outside the replay window.</summary>
    StaleTimestamp,
    /// <summary>No entry matches: another secret, or the body was changed.</summary>
    BadSignature,
}
