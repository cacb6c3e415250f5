namespace Crashdesk.Analysis.Memory;

/// <summary>
/// A bounded, thread-safe LRU of decompressed pages keyed by page frame number, so a walk that
/// touches the same page again does not decompress it again (architecture.md, principle 4).
/// </summary>
public sealed class PageCache
{
    private readonly int _capacity;
    private readonly Dictionary<ulong, LinkedListNode<(ulong Pfn, byte[] Data)>> _map;
    private readonly LinkedList<(ulong Pfn, byte[] Data)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> pages.</summary>
    public PageCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _map = new Dictionary<ulong, LinkedListNode<(ulong, byte[])>>(Math.Min(capacity, 1024));
    }

    /// <summary>Pages currently cached.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _map.Count;
        }
    }

    /// <summary>The cached page, or null.</summary>
    public byte[]? TryGet(ulong pfn)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(pfn, out var node))
                return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Data;
        }
    }

    /// <summary>Adds (or replaces) a page, evicting the least recently used one when full.</summary>
    public void Add(ulong pfn, byte[] data)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(pfn, out var existing))
            {
                _order.Remove(existing);
                _map.Remove(pfn);
            }
            if (_map.Count >= _capacity && _order.Last is { } last)
            {
                _order.RemoveLast();
                _map.Remove(last.Value.Pfn);
            }
            _map[pfn] = _order.AddFirst((pfn, data));
        }
    }
}
