using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// The bytes of a sealed staged upload that do not fill an envelope chunk yet, kept between requests in a
/// side file: [chunk index u64][nonce 12][ciphertext][tag 16]. Never plaintext on disk, and never sealed with
/// the chunk's own nonce (a chunk is sealed once, when it is whole; sealing a partial one and then the whole
/// one with the same nonce would reuse it): AES-256-GCM under a key derived from the object's data key
/// (HKDF-SHA256, RFC 5869, info "crashdesk staged tail") with a random nonce per write, the chunk index as
/// associated data. Replaced by rename, so a reader sees the old tail or the new one.
/// </summary>
internal static class SealedTail
{
    private const int NonceBytes = 12, TagBytes = 16, IndexBytes = 8;
    private static readonly byte[] _info = "crashdesk staged tail"u8.ToArray();

    public static byte[] DeriveKey(ReadOnlySpan<byte> dataKey)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, key, [], _info);
        return key;
    }

    public static void Write(string path, byte[] tailKey, long chunkIndex, ReadOnlySpan<byte> plain)
    {
        var bytes = new byte[IndexBytes + NonceBytes + plain.Length + TagBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, chunkIndex);
        var nonce = bytes.AsSpan(IndexBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(tailKey, TagBytes))
            aes.Encrypt(nonce, plain, bytes.AsSpan(IndexBytes + NonceBytes, plain.Length), bytes.AsSpan(bytes.Length - TagBytes), bytes.AsSpan(0, IndexBytes));
        string temp = path + ".new";
        using (var file = PrivateFiles.CreateNew(temp))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The tail's plaintext if it belongs to <paramref name="chunkIndex"/> and holds at least <paramref name="length"/> bytes; else throws.</summary>
    public static byte[] Read(string path, byte[] tailKey, long chunkIndex, int length, string name)
    {
        if (length == 0)
            return [];
        if (!File.Exists(path))
            throw new StagingLostException($"{name}: the staged bytes of chunk {chunkIndex} are missing");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < IndexBytes + NonceBytes + TagBytes || BinaryPrimitives.ReadInt64LittleEndian(bytes) != chunkIndex)
            throw new StagingLostException($"{name}: the staged tail is not that of chunk {chunkIndex}");
        int plainLength = bytes.Length - IndexBytes - NonceBytes - TagBytes;
        if (plainLength < length)
            throw new StagingLostException($"{name}: the staged tail holds {plainLength} bytes, the session {length}");
        var plain = new byte[plainLength];
        try
        {
            using var aes = new AesGcm(tailKey, TagBytes);
            aes.Decrypt(bytes.AsSpan(IndexBytes, NonceBytes), bytes.AsSpan(IndexBytes + NonceBytes, plainLength), bytes.AsSpan(bytes.Length - TagBytes), plain, bytes.AsSpan(0, IndexBytes));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StagingLostException($"{name}: the staged tail fails authentication");
        }
        return plain[..length];
    }
}
