using System.Security.Cryptography;
using Crashdesk.Core.Storage.Encryption;
using Microsoft.Win32.SafeHandles;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// Appends to a sealed staging file laid out as the finished object will be (the envelope header, then
/// chunk i at 128 + i × (chunk + 16)): a chunk is sealed and written when it is whole, the last one (known
/// from the length) with the last-chunk flag. The part of a chunk still being filled is kept sealed in a side
/// file by <see cref="FinishAsync"/> (<see cref="SealedTail"/>), so every byte received is durable, encrypted.
/// </summary>
internal sealed class SealedStagedAppend : IStagedAppend
{
    private readonly SafeFileHandle _file;
    private readonly EnvelopeHeader _header;
    private readonly AesGcm _aes;
    private readonly byte[] _tailKey;
    private readonly string _tailPath;
    private readonly long _length;
    private readonly int _chunkBytes;
    private readonly long _lastIndex;
    private readonly byte[] _chunk;
    private readonly byte[] _sealed;
    private int _filled;
    private long _index;

    public SealedStagedAppend(SafeFileHandle file, EnvelopeHeader header, byte[] dataKey, string tailPath, long length, long offset, string name)
    {
        _file = file;
        _header = header;
        _chunkBytes = header.ChunkBytes;
        _aes = new AesGcm(dataKey, EnvelopeHeader.TagBytes);
        _tailKey = SealedTail.DeriveKey(dataKey);
        _tailPath = tailPath;
        _length = length;
        _lastIndex = Math.Max(0, (length - 1) / _chunkBytes);
        _chunk = new byte[_chunkBytes];
        _sealed = new byte[_chunkBytes + EnvelopeHeader.TagBytes];
        _index = offset / _chunkBytes;
        _filled = (int)(offset % _chunkBytes);
        SealedTail.Read(tailPath, _tailKey, _index, _filled, name).CopyTo(_chunk, 0);
    }

    private int ChunkLength => _index == _lastIndex ? (int)(_length - _index * _chunkBytes) : _chunkBytes;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, ChunkLength - _filled);
            data[..n].CopyTo(_chunk.AsMemory(_filled));
            _filled += n;
            data = data[n..];
            if (_filled == ChunkLength)
                await SealChunkAsync(cancellationToken);
        }
    }

    private async ValueTask SealChunkAsync(CancellationToken cancellationToken)
    {
        int length = _filled;
        Span<byte> nonce = stackalloc byte[12];
        _header.ChunkNonce(_index, nonce);
        _aes.Encrypt(nonce, _chunk.AsSpan(0, length), _sealed.AsSpan(0, length), _sealed.AsSpan(length, EnvelopeHeader.TagBytes),
            _header.ChunkAssociatedData(_index == _lastIndex));
        long at = EnvelopeHeader.Size + _index * (_chunkBytes + (long)EnvelopeHeader.TagBytes);
        await RandomAccess.WriteAsync(_file, _sealed.AsMemory(0, length + EnvelopeHeader.TagBytes), at, cancellationToken);
        _index++;
        _filled = 0;
    }

    public Task<StagedProgress> FinishAsync(CancellationToken cancellationToken)
    {
        RandomAccess.FlushToDisk(_file);
        long offset = Math.Min(_length, _index * _chunkBytes + _filled);
        if (_filled > 0)
            SealedTail.Write(_tailPath, _tailKey, _index, _chunk.AsSpan(0, _filled));
        return Task.FromResult(new StagedProgress(offset, null));
    }

    public ValueTask DisposeAsync()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_tailKey);
        CryptographicOperations.ZeroMemory(_chunk);
        _file.Dispose();
        return ValueTask.CompletedTask;
    }
}
