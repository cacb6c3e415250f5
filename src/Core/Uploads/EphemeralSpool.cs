using System.Buffers.Binary;
using System.Security.Cryptography;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// A request body held back until it may be applied (its Upload-Checksum verified, its length known): a
/// temp file sealed with a key that exists only in this object's memory (AES-256-GCM, 64 KiB segments,
/// nonce = segment number), so nothing of a dump lies in plaintext outside the store, and a spool left by
/// a crash is unreadable noise. Written once, then read once from the start.
/// </summary>
internal sealed class EphemeralSpool : IAsyncDisposable
{
    private const int SegmentBytes = 64 * 1024, TagBytes = 16;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly AesGcm _aes;
    private readonly string _path;
    private readonly FileStream _file;
    private readonly byte[] _segment = new byte[SegmentBytes];
    private readonly byte[] _sealed = new byte[SegmentBytes + TagBytes];
    private int _filled;
    private long _segments;

    public EphemeralSpool(string directory)
    {
        PrivateFiles.CreateDirectory(directory);
        _path = Path.Combine(directory, $"{Guid.NewGuid():N}.spool");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        _aes = new AesGcm(_key, TagBytes);
    }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, SegmentBytes - _filled);
            data[..n].CopyTo(_segment.AsMemory(_filled));
            _filled += n;
            Length += n;
            data = data[n..];
            if (_filled == SegmentBytes)
                await SealAsync(cancellationToken);
        }
    }

    private async ValueTask SealAsync(CancellationToken cancellationToken)
    {
        Span<byte> nonce = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], _segments++);
        _aes.Encrypt(nonce, _segment.AsSpan(0, _filled), _sealed.AsSpan(0, _filled), _sealed.AsSpan(_filled, TagBytes));
        await _file.WriteAsync(_sealed.AsMemory(0, _filled + TagBytes), cancellationToken);
        _filled = 0;
    }

    /// <summary>Reads everything written back, in order, into <paramref name="sink"/> (one segment at a time).</summary>
    public async Task ReplayAsync(Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken cancellationToken)
    {
        if (_filled > 0)
            await SealAsync(cancellationToken);
        await _file.FlushAsync(cancellationToken);
        _file.Position = 0;
        long left = Length;
        for (long index = 0; left > 0; index++)
        {
            int plain = (int)Math.Min(SegmentBytes, left);
            await _file.ReadExactlyAsync(_sealed.AsMemory(0, plain + TagBytes), cancellationToken);
            var nonce = new byte[12];
            BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), index);
            _aes.Decrypt(nonce, _sealed.AsSpan(0, plain), _sealed.AsSpan(plain, TagBytes), _segment.AsSpan(0, plain));
            await sink(_segment.AsMemory(0, plain));
            left -= plain;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        File.Delete(_path);
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_segment);
    }
}
