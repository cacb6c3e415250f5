using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>
/// The fixed 128-byte header of a sealed object. Layout (little-endian):
/// 0 magic "CDKENV01" · 8 chunk size (u32) · 12 nonce prefix (8 random bytes) · 20 key id (ASCII,
/// zero-padded to 32) · 52 wrap nonce (12) · 64 wrapped data key (32) · 96 wrap tag (16) · 112 zero.
/// Chunks follow: each its ciphertext and a 16-byte tag, sealed with the data key, nonce = prefix ‖
/// chunk index (u32 big-endian), associated data = bytes 0..20 ‖ a last-chunk flag, so chunks cannot
/// be reordered, dropped or cut off at the end unnoticed (the STREAM construction, Hoang et al.,
/// "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015).
/// The header has a fixed size so that rotation rewrites bytes 20..112 in place.
/// </summary>
public sealed class EnvelopeHeader
{
    public const int Size = 128;
    public const int TagBytes = 16;
    public const int KeyBytes = 32;
    private const int KeyIdOffset = 20, KeyIdBytes = 32, WrapNonceOffset = 52, WrappedKeyOffset = 64, WrapTagOffset = 96;

    /// <summary>Bytes 20..112: what a rewrap changes.</summary>
    public const int WrapOffset = KeyIdOffset, WrapLength = 112 - KeyIdOffset;

    private static ReadOnlySpan<byte> Magic => "CDKENV01"u8;

    private readonly byte[] _bytes = new byte[Size];

    public int ChunkBytes
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(8));
        init => BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(8), value);
    }

    public Span<byte> NoncePrefix => _bytes.AsSpan(12, 8);

    public string KeyId
    {
        get => Encoding.ASCII.GetString(_bytes.AsSpan(KeyIdOffset, KeyIdBytes).TrimEnd((byte)0));
        set
        {
            _bytes.AsSpan(KeyIdOffset, KeyIdBytes).Clear();
            Encoding.ASCII.GetBytes(value, _bytes.AsSpan(KeyIdOffset, KeyIdBytes));
        }
    }

    public Span<byte> WrapNonce => _bytes.AsSpan(WrapNonceOffset, 12);
    public Span<byte> WrappedKey => _bytes.AsSpan(WrappedKeyOffset, KeyBytes);
    public Span<byte> WrapTag => _bytes.AsSpan(WrapTagOffset, TagBytes);

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static EnvelopeHeader Create(int chunkBytes)
    {
        var header = new EnvelopeHeader { ChunkBytes = chunkBytes };
        Magic.CopyTo(header._bytes);
        return header;
    }

    /// <summary>Whether <paramref name="start"/> (a file's first bytes) begins with the envelope's magic.</summary>
    public static bool IsSealed(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <summary>Parses a header; throws naming the file when it is not one.</summary>
    public static EnvelopeHeader Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < Size || !IsSealed(bytes))
            throw new InvalidDataException($"{name} is not a sealed object (no envelope header)");
        var header = new EnvelopeHeader();
        bytes[..Size].CopyTo(header._bytes);
        if (header.ChunkBytes is < 1 or > 64 * 1024 * 1024)
            throw new InvalidDataException($"{name}: envelope chunk size {header.ChunkBytes} at offset 8 is out of range");
        return header;
    }

    /// <summary>The wrap binds the data key to this header's format, chunk size, nonce prefix and key id.</summary>
    internal byte[] WrapAssociatedData() => _bytes.AsSpan(0, WrapNonceOffset).ToArray();

    /// <summary>A chunk's associated data: bytes 0..20 and whether it is the last chunk.</summary>
    internal byte[] ChunkAssociatedData(bool last)
    {
        var aad = new byte[21];
        _bytes.AsSpan(0, 20).CopyTo(aad);
        aad[20] = last ? (byte)1 : (byte)0;
        return aad;
    }

    internal void ChunkNonce(long index, Span<byte> nonce)
    {
        NoncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], checked((uint)index));
    }
}
