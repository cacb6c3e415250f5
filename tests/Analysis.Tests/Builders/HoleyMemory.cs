using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>Memory with an address range the dump does not hold (as a cut or page-excluded dump lacks pages): reads stop at it.</summary>
public sealed class HoleyMemory(IMemoryReader inner, ulong holeStart, ulong holeEnd) : IMemoryReader
{
    public int Read(ulong address, Span<byte> destination)
    {
        if (address >= holeStart && address < holeEnd)
            return 0;
        if (address < holeStart && holeStart - address < (ulong)destination.Length)
            destination = destination[..(int)(holeStart - address)];
        return inner.Read(address, destination);
    }
}
