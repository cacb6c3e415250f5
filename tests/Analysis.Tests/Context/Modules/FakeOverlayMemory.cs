using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Tests.Context.Modules;

/// <summary>A real dump's memory with a few bytes overwritten, to corrupt kernel data structures in tests.</summary>
public sealed class FakeOverlayMemory(IMemoryReader inner) : IMemoryReader
{
    private readonly Dictionary<ulong, byte> _patches = [];

    public void PatchU64(ulong address, ulong value)
    {
        for (int i = 0; i < 8; i++)
            _patches[address + (ulong)i] = unchecked((byte)(value >> (8 * i)));
    }

    public void PatchU32(ulong address, uint value)
    {
        for (int i = 0; i < 4; i++)
            _patches[address + (ulong)i] = unchecked((byte)(value >> (8 * i)));
    }

    public int Read(ulong address, Span<byte> destination)
    {
        int got = inner.Read(address, destination);
        for (int i = 0; i < got; i++)
            if (_patches.TryGetValue(address + (ulong)i, out byte b))
                destination[i] = b;
        return got;
    }
}
