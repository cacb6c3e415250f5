using System.Security.Cryptography;

namespace Crashdesk.Core.Storage.Encryption;

/// <summary>Seals a stream chunk by chunk into a file: a fresh random data key per object, wrapped by the keyring's active key.</summary>
internal static class EnvelopeWriter
{
    /// <summary>
    /// Reads <paramref name="source"/> through <paramref name="copier"/> (which counts, hashes the
    /// plaintext and enforces the limit) and writes header and sealed chunks to <paramref name="destination"/>.
    /// A chunk is sealed once the next one is read, so the last is known and flagged; an empty
    /// object is one empty last chunk (its tag still proves nothing was cut off).
    /// </summary>
    public static async Task WriteAsync(Stream source, Stream destination, HashingCopier copier, EnvelopeKeyring keys, int chunkBytes, CancellationToken cancellationToken)
    {
        var header = EnvelopeHeader.Create(chunkBytes);
        RandomNumberGenerator.Fill(header.NoncePrefix);
        var dataKey = RandomNumberGenerator.GetBytes(EnvelopeHeader.KeyBytes);
        try
        {
            keys.Wrap(dataKey, header);
            await destination.WriteAsync(header.Bytes.ToArray(), cancellationToken);
            using var aes = new AesGcm(dataKey, EnvelopeHeader.TagBytes);
            var current = HashingCopier.RentBuffer(chunkBytes);
            var next = HashingCopier.RentBuffer(chunkBytes);
            var sealedChunk = new byte[chunkBytes + EnvelopeHeader.TagBytes];
            try
            {
                int n = await copier.FillAsync(source, current.AsMemory(0, chunkBytes), cancellationToken);
                for (long index = 0; ; index++)
                {
                    int m = n < chunkBytes ? 0 : await copier.FillAsync(source, next.AsMemory(0, chunkBytes), cancellationToken);
                    bool last = m == 0;
                    int length = Seal(aes, header, index, last, current.AsSpan(0, n), sealedChunk);
                    await destination.WriteAsync(sealedChunk.AsMemory(0, length), cancellationToken);
                    if (last)
                        break;
                    (current, next) = (next, current);
                    n = m;
                }
            }
            finally
            {
                HashingCopier.ReturnBuffer(current);
                HashingCopier.ReturnBuffer(next);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static int Seal(AesGcm aes, EnvelopeHeader header, long index, bool last, ReadOnlySpan<byte> plain, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[12];
        header.ChunkNonce(index, nonce);
        aes.Encrypt(nonce, plain, output[..plain.Length], output.Slice(plain.Length, EnvelopeHeader.TagBytes), header.ChunkAssociatedData(last));
        return plain.Length + EnvelopeHeader.TagBytes;
    }
}
