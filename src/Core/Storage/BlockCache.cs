namespace Crashdesk.Core.Storage;

/// <summary>A small thread-safe LRU map from block index to block bytes.</summary>
internal sealed class BlockCache(int capacity)
{
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Block)>> _map = [];
    private readonly LinkedList<(long Index, byte[] Block)> _order = new();
    private readonly Lock _lock = new();

    public bool TryGet(long index, out byte[] block)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(index, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                block = node.Value.Block;
                return true;
            }
        }
        block = [];
        return false;
    }

    /// <summary>Whether the block is cached, without refreshing its place in the LRU order.</summary>
    public bool Contains(long index)
    {
        lock (_lock)
            return _map.ContainsKey(index);
    }

    public void Add(long index, byte[] block)
    {
        lock (_lock)
        {
            if (_map.ContainsKey(index))
                return;
            if (_map.Count >= capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Index);
            }
            _map[index] = _order.AddFirst((index, block));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _order.Clear();
        }
    }
}
