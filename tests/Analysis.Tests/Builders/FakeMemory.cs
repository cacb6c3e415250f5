using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>A sparse kernel-virtual memory for pure-logic tests of the log readers: regions placed at addresses.</summary>
public sealed class FakeMemory : IMemoryReader
{
    private readonly SortedDictionary<ulong, byte[]> _regions = new();

    public void Place(ulong address, byte[] bytes) => _regions[address] = bytes;

    public int Read(ulong address, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            ulong at = address + (ulong)total;
            var region = _regions.LastOrDefault(r => r.Key <= at && at < r.Key + (ulong)r.Value.Length);
            if (region.Value is null)
                break;
            int offset = (int)(at - region.Key);
            int n = Math.Min(destination.Length - total, region.Value.Length - offset);
            region.Value.AsSpan(offset, n).CopyTo(destination[total..]);
            total += n;
        }
        return total;
    }
}
