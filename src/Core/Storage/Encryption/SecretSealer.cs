using System.Buffers.Text;
using System.Text;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>
/// Secrets the service must read back to use them (a webhook endpoint's signing secret: HMAC needs the
/// key itself, so it cannot be hashed like a password or an API key), sealed in the database with the
/// master keys of Storage:Encryption when there are any: a copy of the database alone does not let anyone
/// forge Crashdesk's webhooks. Stored as <c>sealed:v1:&lt;key id&gt;:&lt;base64url(nonce ‖ ciphertext ‖ tag)&gt;</c>;
/// without master keys values stay as they are, and a plain value is still read (written before keys were
/// configured), then sealed by the next rewrap.
/// </summary>
public sealed class SecretSealer(EnvelopeKeyring? keyring)
{
    private const string Prefix = "sealed:v1:";

    public bool IsSealing => keyring is not null;

    /// <summary>Seals <paramref name="secret"/> for the place <paramref name="context"/> names (e.g. <c>webhook:{id}</c>).</summary>
    public string Seal(string secret, string context)
    {
        if (keyring is null)
            return secret;
        var sealedBytes = keyring.Seal(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(context));
        return $"{Prefix}{keyring.ActiveKeyId}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>The secret in <paramref name="stored"/>; a sealed value needs its key (else it throws naming <paramref name="name"/>).</summary>
    public string Open(string stored, string context, string name)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        var rest = stored.AsSpan(Prefix.Length);
        int colon = rest.IndexOf(':');
        if (colon <= 0)
            throw new InvalidOperationException($"{name}: the sealed value has no key id");
        if (keyring is null)
            throw new InvalidOperationException($"{name} is sealed with key '{rest[..colon]}', but Storage:Encryption:Keys is empty");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(rest[(colon + 1)..]);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{name}: the sealed value is not base64url");
        }
        return Encoding.UTF8.GetString(keyring.Open(rest[..colon].ToString(), sealedBytes, Encoding.UTF8.GetBytes(context), name));
    }

    /// <summary>Whether the rewrap should seal <paramref name="stored"/> again: plain while keys exist, or sealed with a key that is no longer the active one.</summary>
    public bool NeedsReseal(string stored) =>
        keyring is not null && !stored.StartsWith($"{Prefix}{keyring.ActiveKeyId}:", StringComparison.Ordinal);
}
