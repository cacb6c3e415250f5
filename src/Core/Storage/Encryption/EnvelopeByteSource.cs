using System.Security.Cryptography;
using Crashdesk.Analysis.Caching;
using Crashdesk.Analysis.IO;
using Microsoft.Win32.SafeHandles;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>
/// Positional reads of a sealed file: a read decrypts (and authenticates) only the chunks it
/// touches, keeping the last few in a small LRU, since the engine reads a page or a descriptor at a
/// time and neighbours usually share a chunk. Thread-safe (<see cref="BoundedLru{TKey, TValue}"/> locks; a chunk
/// two threads miss at once is decrypted twice, with the same result).
/// </summary>
internal sealed class EnvelopeByteSource : IByteSource
{
    private const int CachedChunks = 32;
    private readonly SafeFileHandle _handle;
    private readonly EnvelopeHeader _header;
    private readonly AesGcm _aes;
    private readonly Lock _aesLock = new();
    private readonly BoundedLru<long, byte[]> _cache = new(CachedChunks);
    private readonly long _chunks;
    private readonly int _chunkBytes;

    public EnvelopeByteSource(string path, string name, EnvelopeKeyring keys)
    {
        Name = name;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var headerBytes = new byte[EnvelopeHeader.Size];
            int read = RandomAccess.Read(_handle, headerBytes, 0);
            _header = EnvelopeHeader.Parse(headerBytes.AsSpan(0, read), name);
            _chunkBytes = _header.ChunkBytes;
            long body = RandomAccess.GetLength(_handle) - EnvelopeHeader.Size;
            long sealedChunk = _chunkBytes + EnvelopeHeader.TagBytes;
            long full = body / sealedChunk, rest = body % sealedChunk;
            if (body < EnvelopeHeader.TagBytes || (rest != 0 && rest < EnvelopeHeader.TagBytes))
                throw new InvalidDataException($"{name}: a sealed object of {body + EnvelopeHeader.Size} bytes cannot end in a whole chunk (cut off?)");
            _chunks = rest == 0 ? full : full + 1;
            Length = rest == 0 ? full * _chunkBytes : full * _chunkBytes + rest - EnvelopeHeader.TagBytes;
            var dataKey = keys.Unwrap(_header, name);
            _aes = new AesGcm(dataKey, EnvelopeHeader.TagBytes);
            CryptographicOperations.ZeroMemory(dataKey);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        int total = 0;
        while (total < destination.Length && offset + total < Length)
        {
            long position = offset + total;
            long index = position / _chunkBytes;
            var chunk = Chunk(index);
            int within = (int)(position - index * _chunkBytes);
            int n = Math.Min(chunk.Length - within, destination.Length - total);
            chunk.AsSpan(within, n).CopyTo(destination[total..]);
            total += n;
        }
        return total;
    }

    private byte[] Chunk(long index)
    {
        if (_cache.TryGet(index, out var cached))
            return cached;
        bool last = index == _chunks - 1;
        int plainLength = last ? (int)(Length - index * _chunkBytes) : _chunkBytes;
        var sealedBytes = new byte[plainLength + EnvelopeHeader.TagBytes];
        long at = EnvelopeHeader.Size + index * (_chunkBytes + (long)EnvelopeHeader.TagBytes);
        int read = 0;
        while (read < sealedBytes.Length && RandomAccess.Read(_handle, sealedBytes.AsSpan(read), at + read) is var n and > 0)
            read += n;
        if (read < sealedBytes.Length)
            throw new InvalidDataException($"{Name}: chunk {index} at offset {at} is cut off");
        var plain = new byte[plainLength];
        Span<byte> nonce = stackalloc byte[12];
        _header.ChunkNonce(index, nonce);
        try
        {
            lock (_aesLock)
                _aes.Decrypt(nonce, sealedBytes.AsSpan(0, plainLength), sealedBytes.AsSpan(plainLength), plain, _header.ChunkAssociatedData(last));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"{Name}: chunk {index} at offset {at} fails authentication (altered, reordered or cut off)", e);
        }
        _cache.TryAdd(index, plain);
        return plain;
    }

    public void Dispose()
    {
        _aes.Dispose();
        _handle.Dispose();
    }
}
