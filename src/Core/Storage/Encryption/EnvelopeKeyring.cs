using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>
/// The master keys (<see cref="StorageEncryptionOptions.Keys"/>): wraps a per-object data key with the
/// active one (AES-256-GCM, the header's identity as associated data) and unwraps with whichever key
/// id a header names, so objects sealed under an older key stay readable until they are rewrapped.
/// </summary>
public sealed partial class EnvelopeKeyring
{
    private readonly Dictionary<string, byte[]> _keys;

    private EnvelopeKeyring(Dictionary<string, byte[]> keys, string active)
    {
        _keys = keys;
        ActiveKeyId = active;
    }

    public string ActiveKeyId { get; }

    /// <summary>Null when no key is configured (plain files); throws naming the setting that is wrong.</summary>
    public static EnvelopeKeyring? From(StorageEncryptionOptions options)
    {
        if (options.Keys.Count == 0)
            return null;
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Keys)
        {
            if (!KeyId().IsMatch(id))
                throw new InvalidOperationException($"Storage:Encryption:Keys: key id '{id}' must be 1-32 of a-z, 0-9, '-', '_'");
            byte[] key;
            try
            {
                key = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Storage:Encryption:Keys:{id} is not base64 (32 random bytes: openssl rand -base64 32)");
            }
            if (key.Length != 32)
                throw new InvalidOperationException($"Storage:Encryption:Keys:{id} is {key.Length} bytes; an AES-256 key is 32 (openssl rand -base64 32)");
            keys[id] = key;
        }
        string active = options.ActiveKeyId is { Length: > 0 } a ? a
            : keys.Count == 1 ? keys.Keys.Single()
            : throw new InvalidOperationException("Storage:Encryption:ActiveKeyId is required when there are several keys");
        if (!keys.ContainsKey(active))
            throw new InvalidOperationException($"Storage:Encryption:ActiveKeyId '{active}' is not one of Storage:Encryption:Keys");
        return new EnvelopeKeyring(keys, active);
    }

    /// <summary>Writes the active key's id and the wrapped <paramref name="dataKey"/> into <paramref name="header"/>.</summary>
    public void Wrap(ReadOnlySpan<byte> dataKey, EnvelopeHeader header)
    {
        header.KeyId = ActiveKeyId;
        RandomNumberGenerator.Fill(header.WrapNonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], EnvelopeHeader.TagBytes);
        aes.Encrypt(header.WrapNonce, dataKey, header.WrappedKey, header.WrapTag, header.WrapAssociatedData());
    }

    /// <summary>The data key of <paramref name="header"/>; throws when its key id is unknown or the header was altered.</summary>
    public byte[] Unwrap(EnvelopeHeader header, string name)
    {
        if (!_keys.TryGetValue(header.KeyId, out var master))
            throw new InvalidOperationException($"{name} is sealed with key '{header.KeyId}', which is not in Storage:Encryption:Keys");
        var dataKey = new byte[EnvelopeHeader.KeyBytes];
        using var aes = new AesGcm(master, EnvelopeHeader.TagBytes);
        try
        {
            aes.Decrypt(header.WrapNonce, header.WrappedKey, header.WrapTag, dataKey, header.WrapAssociatedData());
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"{name}: its data key does not unwrap with key '{header.KeyId}' (wrong key, or the header was altered)", e);
        }
        return dataKey;
    }

    /// <summary>Bytes of an AES-GCM nonce (NIST SP 800-38D's recommended 96 bits).</summary>
    public const int NonceBytes = 12;

    /// <summary>
    /// Encrypts a short value with the active master key itself (no data key: it is read back whole and
    /// seldom): nonce ‖ ciphertext ‖ tag. <paramref name="associatedData"/> binds it to its place, so a
    /// sealed value copied onto another row does not open there.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedBytes = new byte[NonceBytes + plaintext.Length + EnvelopeHeader.TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], EnvelopeHeader.TagBytes);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length), associatedData);
        return sealedBytes;
    }

    /// <summary>Opens what <see cref="Seal"/> made with key <paramref name="keyId"/>; throws naming <paramref name="name"/> when it does not.</summary>
    public byte[] Open(string keyId, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, string name)
    {
        if (!_keys.TryGetValue(keyId, out var master))
            throw new InvalidOperationException($"{name} is sealed with key '{keyId}', which is not in Storage:Encryption:Keys");
        if (sealedBytes.Length < NonceBytes + EnvelopeHeader.TagBytes)
            throw new CryptographicException($"{name}: the sealed value is {sealedBytes.Length} bytes, too short to be one");
        int length = sealedBytes.Length - NonceBytes - EnvelopeHeader.TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(master, EnvelopeHeader.TagBytes);
        try
        {
            aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, length), sealedBytes[(NonceBytes + length)..], plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"{name} does not open with key '{keyId}' (wrong key, altered, or copied from another row)", e);
        }
        return plaintext;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex KeyId();
}
