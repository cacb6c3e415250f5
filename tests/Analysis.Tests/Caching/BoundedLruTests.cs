using Crashdesk.Analysis.Caching;

namespace Crashdesk.Analysis.Tests.Caching;

/// <summary>The engine's one LRU: eviction order, replace vs keep, and its bound under concurrent use.</summary>
public class BoundedLruTests
{
    [Fact]
    public void Evicts_the_least_recently_used_entry_and_a_read_counts_as_use()
    {
        var lru = new BoundedLru<int, string>(2);
        lru.Set(1, "one");
        lru.Set(2, "two");
        Assert.True(lru.TryGet(1, out _)); // 2 is now the oldest
        lru.Set(3, "three");
        Assert.Equal(2, lru.Count);
        Assert.False(lru.TryGet(2, out _));
        Assert.True(lru.TryGet(1, out var one));
        Assert.Equal("one", one);
        Assert.True(lru.TryGet(3, out _));
    }

    [Fact]
    public void Set_replaces_and_TryAdd_keeps_the_first_value()
    {
        var lru = new BoundedLru<string, int>(4);
        lru.Set("a", 1);
        lru.Set("a", 2);
        Assert.True(lru.TryGet("a", out int a));
        Assert.Equal(2, a);
        Assert.False(lru.TryAdd("a", 3));
        Assert.True(lru.TryAdd("b", 4));
        Assert.True(lru.TryGet("a", out a));
        Assert.Equal(2, a);
        Assert.Equal(2, lru.Count);
    }

    [Fact]
    public void A_replaced_entry_becomes_the_most_recent()
    {
        var lru = new BoundedLru<int, int>(2);
        lru.Set(1, 10);
        lru.Set(2, 20);
        lru.Set(1, 11); // 2 is now the oldest
        lru.Set(3, 30);
        Assert.False(lru.TryGet(2, out _));
        Assert.True(lru.TryGet(1, out int v));
        Assert.Equal(11, v);
    }

    [Fact]
    public void Remove_and_Clear_forget_entries()
    {
        var lru = new BoundedLru<int, int>(3);
        lru.Set(1, 1);
        lru.Set(2, 2);
        Assert.True(lru.Remove(1));
        Assert.False(lru.Remove(1));
        Assert.False(lru.TryGet(1, out _));
        lru.Clear();
        Assert.Equal(0, lru.Count);
        lru.Set(4, 4);
        Assert.True(lru.TryGet(4, out _));
    }

    [Fact]
    public void Uses_the_given_key_comparer()
    {
        var lru = new BoundedLru<string, int>(2, StringComparer.OrdinalIgnoreCase);
        lru.Set("Key", 1);
        Assert.True(lru.TryGet("KEY", out int v));
        Assert.Equal(1, v);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Capacity_must_be_positive(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedLru<int, int>(capacity));

    [Fact]
    public void Stays_bounded_and_consistent_under_concurrent_use()
    {
        var lru = new BoundedLru<int, int>(64);
        Parallel.For(0, 8, worker =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 20_000; i++)
            {
                int key = random.Next(256);
                if (lru.TryGet(key, out int value))
                    Assert.Equal(key * 3, value);
                else if (i % 2 == 0)
                    lru.Set(key, key * 3);
                else
                    lru.TryAdd(key, key * 3);
                if (i % 997 == 0)
                    lru.Remove(key);
            }
        });
        Assert.InRange(lru.Count, 1, 64);
    }
}
