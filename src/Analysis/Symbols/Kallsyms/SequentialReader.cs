using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Symbols.Kallsyms;

/// <summary>
/// Reads a byte stream from memory front to back in 64 KiB chunks, up to a cap, so a table of
/// unknown length (kallsyms_names has no stored size) is read once without reading past need.
/// </summary>
internal sealed class SequentialReader(IMemoryReader memory, ulong start, long cap, string what)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private int _chunkLength;
    private int _chunkPosition;
    private long _chunkStart;

    /// <summary>Bytes consumed so far.</summary>
    public long Position => _chunkStart + _chunkPosition;

    /// <summary>The next byte; a missing page or the cap is a <see cref="DumpFormatException"/>.</summary>
    public int ReadByte()
    {
        if (_chunkPosition == _chunkLength)
            Refill();
        return _chunk[_chunkPosition++];
    }

    private void Refill()
    {
        _chunkStart += _chunkLength;
        _chunkPosition = 0;
        if (_chunkStart >= cap)
            throw new DumpFormatException($"{what} at 0x{start:x} runs beyond the limit of {cap} bytes");
        int want = (int)Math.Min(_chunk.Length, cap - _chunkStart);
        _chunkLength = memory.Read(start + (ulong)_chunkStart, _chunk.AsSpan(0, want));
        if (_chunkLength == 0)
            throw new DumpFormatException($"{what}+0x{_chunkStart:x} (0x{start + (ulong)_chunkStart:x}) is not in the dump");
    }
}
