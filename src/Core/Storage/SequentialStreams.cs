namespace Crashdesk.Core.Storage;

/// <summary>
/// Recognises sequential reads among interleaved ones and says how far to read ahead. A kdump's
/// page-descriptor lookups and the page data they point to are two sequential streams through
/// different parts of the file when the engine walks contiguous memory (kallsyms, BTF, the page
/// array): each stream is tracked on its own, as Linux's readahead tracks one window per open file
/// (mm/readahead.c: the window starts small and doubles while reads stay sequential). Not
/// thread-safe: the byte source calls it under its lock.
/// </summary>
internal sealed class SequentialStreams(int blockSize, int maxWindowBytes, int capacity = 4)
{
    private readonly List<(long End, int Window)> _streams = new(capacity);

    /// <summary>
    /// Records a read of [<paramref name="offset"/>, <paramref name="end"/>) and returns the bytes to
    /// read ahead after it: 0 for a read that continues no stream, then one block, doubling per
    /// sequential read up to the maximum.
    /// </summary>
    public int Observe(long offset, long end)
    {
        for (int i = 0; i < _streams.Count; i++)
        {
            var (streamEnd, window) = _streams[i];
            // Within a block of where the stream stopped: small gaps and overlaps (a page's data
            // following its neighbour, a descriptor re-read) still count as sequential.
            if (offset < streamEnd - blockSize || offset > streamEnd + blockSize)
                continue;
            int next = window == 0 ? blockSize : Math.Min(maxWindowBytes, window * 2);
            _streams.RemoveAt(i);
            _streams.Insert(0, (Math.Max(end, streamEnd), next));
            return next;
        }
        if (_streams.Count == capacity)
            _streams.RemoveAt(_streams.Count - 1);
        _streams.Insert(0, (end, 0));
        return 0;
    }
}
