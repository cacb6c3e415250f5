using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Symbols.Kallsyms;

/// <summary>
/// The kernel's own symbol table read from dump memory (kernel/kallsyms.c, scripts/kallsyms.c at
/// v6.1): every symbol of the running kernel with its nm type letter, no debug kernel needed.
/// <para>Unlike the vmlinux sources, the addresses are <b>run-time</b> addresses: the kernel's
/// tables were relocated by KASLR already (`kallsyms_relative_base` is fixed up at boot). Build the
/// <see cref="SymbolTable"/> with a KASLR offset of 0 (<see cref="CreateTable"/> does), never
/// with <see cref="SymbolTable.WithKaslrOffset"/>.</para>
/// Sizes are derived from the next higher symbol address (kallsyms stores none).
/// </summary>
public sealed class KallsymsSymbolSource : ISymbolSource
{
    private readonly IMemoryReader _memory;
    private readonly KallsymsTables _tables;
    private readonly AnalysisLimits _limits;

    /// <summary>Reads through <paramref name="memory"/> (kernel-virtual) at the given table addresses.</summary>
    public KallsymsSymbolSource(IMemoryReader memory, KallsymsTables tables, AnalysisLimits? limits = null)
    {
        _memory = memory;
        _tables = tables;
        _limits = limits ?? AnalysisLimits.Default;
    }

    /// <inheritdoc />
    public string Description => $"kallsyms in the dump (kallsyms_names 0x{_tables.Names:x})";

    /// <summary>A source for a dump whose VMCOREINFO exports the kallsyms tables; false when it does not.</summary>
    public static bool TryCreate(KernelTarget target, out KallsymsSymbolSource source)
    {
        source = null!;
        if (!KallsymsTables.TryFrom(target.VmcoreInfo, out var tables))
            return false;
        source = new KallsymsSymbolSource(target.KernelMemory, tables, target.Limits);
        return true;
    }

    /// <summary>Reads the symbols and builds a table at run-time addresses (KASLR offset 0).</summary>
    public SymbolTable CreateTable() => SymbolTable.Create(ReadSymbols(), kaslrOffset: 0);

    /// <inheritdoc />
    public IReadOnlyList<KernelSymbol> ReadSymbols()
    {
        ulong raw = _memory.ReadU64(_tables.NumSyms, "kallsyms_num_syms");
        if (raw == 0 || raw > (ulong)_limits.MaxSymbols)
            throw new DumpFormatException($"kallsyms_num_syms at 0x{_tables.NumSyms:x} is {raw}, outside 1..{_limits.MaxSymbols}");
        int count = (int)raw;
        ulong[] addresses = ReadAddresses(count);
        var tokens = KallsymsTokenTable.Read(_memory, _tables, _limits);
        var names = new SequentialReader(_memory, _tables.Names, _limits.MaxKallsymsNamesBytes, "kallsyms_names");
        var symbols = new KernelSymbol[count];
        var text = new StringBuilder(64);
        var name = new List<byte>(64);
        ulong[] sizes = SizesFromNextAddress(addresses);
        for (int i = 0; i < count; i++)
        {
            // kallsyms_expand_symbol(): a length byte (two, ULEB128-style, when bit 7 is set: "big"
            // symbols, commit 73bbb94466fd), then that many token bytes; the first expanded
            // character is the type letter.
            long entryOffset = names.Position;
            int length = names.ReadByte();
            if ((length & 0x80) != 0)
                length = (length & 0x7f) | (names.ReadByte() << 7);
            if (length == 0)
                throw new DumpFormatException($"kallsyms_names+0x{entryOffset:x}: symbol {i} has length 0");
            name.Clear();
            for (int j = 0; j < length; j++)
            {
                foreach (byte c in tokens[(byte)names.ReadByte()])
                    name.Add(c);
                if (name.Count > _limits.MaxKallsymsTokenLength * 4)
                    throw new DumpFormatException($"kallsyms_names+0x{entryOffset:x}: symbol {i} expands beyond {_limits.MaxKallsymsTokenLength * 4} characters");
            }
            if (name.Count < 2)
                throw new DumpFormatException($"kallsyms_names+0x{entryOffset:x}: symbol {i} expands to {name.Count} characters (type letter and name expected)");
            char type = (char)name[0];
            text.Clear();
            for (int k = 1; k < name.Count; k++)
                text.Append((char)name[k]);
            symbols[i] = new KernelSymbol(text.ToString(), addresses[i], sizes[i], type);
        }
        return symbols;
    }

    private ulong[] ReadAddresses(int count)
    {
        var result = new ulong[count];
        if (!_tables.IsBaseRelative)
        {
            var bytes = ReadArray(_tables.Addresses, count, 8, "kallsyms_addresses");
            for (int i = 0; i < count; i++)
                result[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
            return result;
        }
        ulong relativeBase = _memory.ReadU64(_tables.RelativeBase, "kallsyms_relative_base");
        var raw = ReadArray(_tables.Offsets, count, 4, "kallsyms_offsets");
        var offsets = new int[count];
        bool anyNegative = false;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4));
            anyNegative |= offsets[i] < 0;
        }
        // kallsyms_sym_address(): with CONFIG_KALLSYMS_ABSOLUTE_PERCPU (x86_64 SMP) a non-negative
        // offset is an absolute per-CPU address and a negative one is relative_base - 1 - offset.
        // Without it every offset is an unsigned distance from the base. VMCOREINFO exports no
        // CONFIG_ keys, so the mode is detected: kernel text is never 2 GiB above the base, so a
        // relative-only table has no negative entries, while an absolute-percpu one encodes every
        // non-per-CPU symbol (_text, ...) as negative.
        for (int i = 0; i < count; i++)
        {
            int o = offsets[i];
            // u64 arithmetic that wraps, as kernel/kallsyms.c computes it.
            result[i] = unchecked(!anyNegative ? relativeBase + (uint)o
                : o >= 0 ? (ulong)o
                : relativeBase - 1 - (ulong)(long)o);
        }
        return result;
    }

    private byte[] ReadArray(ulong address, int count, int width, string what)
    {
        var bytes = new byte[checked(count * width)];
        int got = _memory.Read(address, bytes);
        if (got != bytes.Length)
            throw new DumpFormatException($"{what} at 0x{address:x}: only {got} of {bytes.Length} bytes are in the dump");
        return bytes;
    }

    /// <summary>Size of each symbol = distance to the next higher address (0 for the highest; kallsyms has no sizes).</summary>
    private static ulong[] SizesFromNextAddress(ulong[] addresses)
    {
        var order = new int[addresses.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        var keys = (ulong[])addresses.Clone();
        Array.Sort(keys, order);
        var sizes = new ulong[addresses.Length];
        int next = keys.Length;
        for (int k = keys.Length - 1; k >= 0; k--)
        {
            if (k + 1 < keys.Length && keys[k + 1] != keys[k])
                next = k + 1;
            sizes[order[k]] = next < keys.Length ? keys[next] - keys[k] : 0;
        }
        return sizes;
    }
}
