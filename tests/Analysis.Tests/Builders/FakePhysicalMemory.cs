using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>Sparse 4 KiB pages for pure-logic translation tests.</summary>
public sealed class FakePhysicalMemory : PhysicalMemory
{
    private readonly Dictionary<ulong, byte[]> _pages = new();

    public override int PageSize => 4096;

    public byte[] Page(ulong physical)
    {
        ulong pfn = physical >> 12;
        if (!_pages.TryGetValue(pfn, out var page))
            _pages[pfn] = page = new byte[4096];
        return page;
    }

    public void Write(ulong physical, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
            Page(physical + (ulong)i)[(physical + (ulong)i) & 0xfff] = bytes[i];
    }

    public override PageState GetPageState(ulong address) => _pages.ContainsKey(address >> 12) ? PageState.Present : PageState.Absent;

    protected override int ReadWithinPage(ulong address, Span<byte> destination)
    {
        if (!_pages.TryGetValue(address >> 12, out var page))
            return 0;
        page.AsSpan((int)(address & 0xfff), destination.Length).CopyTo(destination);
        return destination.Length;
    }
}
