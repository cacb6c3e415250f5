using System.Buffers.Binary;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Last resort for a function with neither ORC nor CFI (objtool skips a few, e.g. `__crash_kexec`
/// on 6.1, and a dump-only analysis has no `.debug_frame`): the first stack word above SP that is
/// a return address right after a direct `call rel32` (opcode E8) to that very function. Unlike
/// crash's plain stack scan, a stale word rarely passes: the call must target the function the
/// unwind is in. Bounded to one page of stack.
/// </summary>
public static class CallSiteSearch
{
    private const int MaxWords = 512;

    /// <summary>Finds the caller's return-address slot for the function starting at <paramref name="functionStart"/>.</summary>
    public static bool TryFind(IMemoryReader memory, ulong sp, ulong functionStart, StackRange? stack, out ulong slot, out ulong returnAddress)
    {
        slot = returnAddress = 0;
        var words = new byte[MaxWords * 8];
        ulong limit = stack is not null && stack.Contains(sp) ? Math.Min(stack.Top - sp, (ulong)words.Length) : (ulong)words.Length;
        int read = memory.Read(sp, words.AsSpan(0, (int)(limit & ~7UL)));
        Span<byte> call = stackalloc byte[5];
        for (int i = 0; i + 8 <= read; i += 8)
        {
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(words.AsSpan(i));
            if (value < 0xffff800000000000UL || !memory.TryReadExactly(value - 5, call) || call[0] != 0xe8)
                continue;
            ulong target = unchecked(value + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(call[1..]));
            if (target != functionStart)
                continue;
            slot = sp + (ulong)i;
            returnAddress = value;
            return true;
        }
        return false;
    }
}
