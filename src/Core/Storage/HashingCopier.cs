using System.Buffers;
using System.Security.Cryptography;

namespace Crashdesk.Core.Storage;

/// <summary>Reads a body in chunks, counting and hashing, and refusing to go past a limit.</summary>
internal sealed class HashingCopier(long maxBytes) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Total { get; private set; }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream allows; 0 at the end. Throws past the limit.</summary>
    public async ValueTask<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = await source.ReadAsync(buffer[filled..], cancellationToken);
            if (n == 0)
                break;
            filled += n;
            Total += n;
            // Checked as soon as the limit is crossed, so an oversized body is never read to its end.
            if (Total > maxBytes)
                throw new BlobTooLargeException(maxBytes);
        }
        _hash.AppendData(buffer.Span[..filled]);
        return filled;
    }

    /// <summary>One read from <paramref name="source"/>, counted and hashed; 0 at the end. Throws past the limit.</summary>
    public async ValueTask<int> ReadAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int n = await source.ReadAsync(buffer, cancellationToken);
        Total += n;
        if (Total > maxBytes)
            throw new BlobTooLargeException(maxBytes);
        _hash.AppendData(buffer.Span[..n]);
        return n;
    }

    public BlobWriteResult Result() => new(Total, Convert.ToHexStringLower(_hash.GetHashAndReset()));

    public static byte[] RentBuffer(int size) => ArrayPool<byte>.Shared.Rent(size);

    public static void ReturnBuffer(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    public void Dispose() => _hash.Dispose();
}
