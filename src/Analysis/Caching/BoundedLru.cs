using System.Diagnostics.CodeAnalysis;

namespace Crashdesk.Analysis.Caching;

/// <summary>
/// A bounded, thread-safe least-recently-used map: at most <see cref="Capacity"/> entries, the one
/// read or written longest ago evicted first, so a walk that touches the same page (or S3 block)
/// again does not decompress (or fetch) it again while memory stays bounded however large the
/// dump. One lock guards a dictionary and a recency list, so every operation is
/// O(1); values are handed out as stored, so they should be immutable or safe to share (pages,
/// S3 blocks and kernel profiles are).
/// </summary>
/// <typeparam name="TKey">The key (a page frame number, a block index, an object key).</typeparam>
/// <typeparam name="TValue">The cached value.</typeparam>
public sealed class BoundedLru<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _map;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new(); // most recent first
    private readonly Lock _lock = new();

    /// <summary>
    /// Creates a cache of at most <paramref name="capacity"/> entries (at least 1), comparing keys with
    /// <paramref name="comparer"/> (default: the key type's equality).
    /// </summary>
    public BoundedLru(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        // Sized lazily past 1024: a large page cache on a small dump never fills.
        _map = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(Math.Min(capacity, 1024), comparer);
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries currently cached.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _map.Count;
        }
    }

    /// <summary>The cached value of <paramref name="key"/>, which becomes the most recently used; false when absent.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                Touch(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is cached, without making it the most recently used (a read-ahead asking what is missing).</summary>
    public bool ContainsKey(TKey key)
    {
        lock (_lock)
            return _map.ContainsKey(key);
    }

    /// <summary>Adds or replaces the value of <paramref name="key"/> as the most recently used, evicting the least recently used entry when full.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                existing.Value = new KeyValuePair<TKey, TValue>(key, value);
                Touch(existing);
                return;
            }
            Insert(key, value);
        }
    }

    /// <summary>
    /// Adds <paramref name="key"/> unless it is already cached, in which case the cached value stays
    /// (and keeps its place): for callers that may fetch the same value twice concurrently and want
    /// the first copy kept. True when added.
    /// </summary>
    public bool TryAdd(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_map.ContainsKey(key))
                return false;
            Insert(key, value);
            return true;
        }
    }

    /// <summary>Removes <paramref name="key"/>; true when it was cached.</summary>
    public bool Remove(TKey key)
    {
        lock (_lock)
        {
            if (!_map.Remove(key, out var node))
                return false;
            _recency.Remove(node);
            return true;
        }
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _recency.Clear();
        }
    }

    private void Touch(LinkedListNode<KeyValuePair<TKey, TValue>> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    private void Insert(TKey key, TValue value)
    {
        if (_map.Count >= Capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _map.Remove(oldest.Value.Key);
        }
        _map[key] = _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
    }
}
