using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// Prints a value of a kernel type the way crash's embedded gdb prints it with crash's settings
/// (`set print pretty on`, crash's gdb_interface.c sets the repeat threshold out of reach —
/// runs of zeros are printed in full, never as `&lt;repeats N times&gt;` — and `print elements` to 256): gdb
/// `valprint.c` / `c-valprint.c` / `cp-valprint.c` (`cp_print_value_fields`: a member per line,
/// two spaces per nesting level, anonymous members printed as a bare `{`), `generic_printstr` for
/// char arrays (the one trailing NUL dropped, octal escapes), pointers as `0x…` followed by
/// `&lt;symbol+offset&gt;` when they point into the kernel image (`print symbol on`) or by the string
/// for a char pointer. In hex mode (crash's `-x`, gdb's output-radix 16) integers print as
/// two's-complement hex.
/// </summary>
internal sealed class GdbValueFormatter(IMemoryReader memory, SymbolTable symbols, bool hex)
{
    /// <summary>crash's `print elements` (gdb_interface.c sets gdb's print_max to 256): strings and arrays stop after this many and say "...".</summary>
    private const int PrintElements = 256;

    /// <summary>The lowest address gdb's minimal symbols of vmlinux cover (the kernel image mapping, arch/x86/include/asm/page_64_types.h __START_KERNEL_map).</summary>
    private const ulong KernelImageStart = 0xffffffff80000000;

    /// <summary>Appends the value of <paramref name="type"/> held in <paramref name="data"/>, read at <paramref name="address"/>, at nesting level <paramref name="recurse"/>.</summary>
    public void Append(StringBuilder sb, KernelType type, ReadOnlySpan<byte> data, ulong address, int recurse, CancellationToken cancellationToken)
    {
        if (recurse > AnalysisLimits.Default.MaxTypeChain)
            throw new DumpFormatException($"{type}: values nest deeper than {AnalysisLimits.Default.MaxTypeChain}");
        var t = type.Resolved;
        switch (t.Kind)
        {
            case KernelTypeKind.Struct or KernelTypeKind.Union:
                AppendAggregate(sb, t, data, address, recurse, cancellationToken);
                break;
            case KernelTypeKind.Array:
                AppendArray(sb, t, data, address, recurse, cancellationToken);
                break;
            case KernelTypeKind.Pointer:
                AppendPointer(sb, t, ReadUnsigned(data, 8));
                break;
            case KernelTypeKind.Enum:
                AppendEnum(sb, t, ReadUnsigned(data, (int)t.Size));
                break;
            case KernelTypeKind.Base:
                AppendBase(sb, t, ReadUnsigned(data, (int)t.Size));
                break;
            case KernelTypeKind.Function:
                // gdb: `{int (int)} 0xffffffff81000000 <name>`.
                sb.Append('{').Append(GdbTypePrinter.Declaration(type, "")).Append("} ");
                AppendAddress(sb, address);
                break;
            default:
                sb.Append("void");
                break;
        }
    }

    /// <summary>A member's value given the bytes of the whole containing object (bitfields are extracted from their bits).</summary>
    public void AppendMember(StringBuilder sb, KernelMember member, ReadOnlySpan<byte> container, ulong containerAddress, long baseBits, int recurse, CancellationToken cancellationToken)
    {
        long bits = baseBits + member.BitOffset;
        if (member.IsBitfield)
        {
            AppendBitfield(sb, member, container, bits);
            return;
        }
        long offset = bits >> 3;
        long size = Math.Max(0, member.Type.Resolved.Size);
        var slice = offset >= container.Length ? ReadOnlySpan<byte>.Empty : container.Slice((int)offset, (int)Math.Min(size, container.Length - offset));
        Append(sb, member.Type, slice, containerAddress + (ulong)offset, recurse, cancellationToken);
    }

    private void AppendAggregate(StringBuilder sb, KernelType t, ReadOnlySpan<byte> data, ulong address, int recurse, CancellationToken cancellationToken)
    {
        if (t.Members.Count == 0)
        {
            sb.Append("{<No data fields>}");
            return;
        }
        sb.Append("{\n");
        for (int i = 0; i < t.Members.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var m = t.Members[i];
            sb.Append(' ', 2 + 2 * recurse);
            if (m.Name is not null)
                sb.Append(m.Name).Append(" = ");
            AppendMember(sb, m, data, address, 0, recurse + 1, cancellationToken);
            sb.Append(i + 1 < t.Members.Count ? ",\n" : "\n");
        }
        sb.Append(' ', 2 * recurse).Append('}');
    }

    private void AppendArray(StringBuilder sb, KernelType t, ReadOnlySpan<byte> data, ulong address, int recurse, CancellationToken cancellationToken)
    {
        var element = t.Target ?? KernelType.Void;
        long? count = t.Dimensions.Count > 0 ? t.Dimensions[0] : null;
        // A multi-dimensional array is an array of arrays: peel one dimension.
        if (t.Dimensions.Count > 1)
            element = new KernelType(KernelTypeKind.Array, null, ElementSize(t, 1), () => t.Target, dimensions: t.Dimensions.Skip(1).ToList());
        long elementSize = element.Resolved.Size;
        if (count is null or 0 || elementSize <= 0)
        {
            // A flexible array member (`u8 data[]`): gdb 10 prints where it starts, and for chars the string there.
            AppendAddress(sb, address, symbolic: false);
            if (IsChar(element))
                AppendStringAt(sb, address);
            return;
        }
        if (IsChar(element))
        {
            AppendCharArray(sb, data[..(int)Math.Min(data.Length, count.Value)]);
            return;
        }
        sb.Append('{');
        bool aggregate = element.Resolved.Kind is KernelTypeKind.Struct or KernelTypeKind.Union;
        long shown = Math.Min(count.Value, PrintElements);
        for (long i = 0; i < shown; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i > 0)
                sb.Append(", ");
            long at = i * elementSize;
            var slice = at >= data.Length ? ReadOnlySpan<byte>.Empty : data.Slice((int)at, (int)Math.Min(elementSize, data.Length - at));
            Append(sb, element, slice, address + (ulong)at, aggregate ? recurse + 1 : recurse, cancellationToken);
        }
        if (count.Value > shown)
            sb.Append("...");
        sb.Append('}');
    }

    private static long ElementSize(KernelType array, int fromDimension)
    {
        long size = Math.Max(0, (array.Target ?? KernelType.Void).Resolved.Size);
        for (int i = fromDimension; i < array.Dimensions.Count; i++)
            size *= array.Dimensions[i] ?? 0;
        return size;
    }

    private void AppendPointer(StringBuilder sb, KernelType pointer, ulong value)
    {
        var target = (pointer.Target ?? KernelType.Void).Resolved;
        if (IsChar(target) && value != 0)
        {
            sb.Append("0x").Append(value.ToString("x", CultureInfo.InvariantCulture));
            AppendStringAt(sb, value);
            return;
        }
        AppendAddress(sb, value);
    }

    /// <summary>`0x…` and, for an address inside the kernel image, ` &lt;symbol+offset&gt;` (gdb's `print symbol`).</summary>
    private void AppendAddress(StringBuilder sb, ulong value, bool symbolic = true)
    {
        sb.Append("0x").Append(value.ToString("x", CultureInfo.InvariantCulture));
        if (symbolic && SymbolOf(value, valueAlias: true) is { } name)
            sb.Append(" <").Append(name).Append('>');
    }

    /// <summary>
    /// gdb's minimal symbol for an address: vmlinux's symbols only (crash gives gdb no module
    /// symbols), and only inside a sized symbol (gdb `lookup_minimal_symbol_by_pc_section` refuses
    /// a PC past the end of a symbol with a size).
    /// </summary>
    internal string? SymbolOf(ulong value, bool modules = false, bool crashNames = false, bool valueAlias = false)
    {
        if (value < KernelImageStart || !symbols.TryResolve(value, out var at) || (!modules && at.Symbol.Module is not null))
            return null;
        if (at.Symbol.Size > 0 && at.Offset >= at.Symbol.Size)
            return null;
        var symbol = valueAlias ? GdbAlias(at) : at.Symbol;
        string name = crashNames || !symbol.IsText ? symbol.Name : FunctionName(symbol.Name);
        return at.Offset == 0 ? name : $"{name}+{at.Offset}";
    }

    /// <summary>
    /// gdb's choice among symbols at one address (gdb minsyms.c): its minimal symbols are sorted by address
    /// and, at one address, by name (minimal_symbol_is_less_than); lookup_minimal_symbol_by_pc_section starts at
    /// the last of them and walks back past every zero-sized one to the first with a size, falling back to the
    /// last zero-sized one. So `&amp;jiffies` is `&lt;jiffies_64&gt;` (the linker script's `jiffies = jiffies_64`,
    /// arch/x86/kernel/vmlinux.lds.S, has no size) and `__memcpy` is `&lt;memcpy&gt;` (its weak alias,
    /// arch/x86/lib/memcpy_64.S), where crash's own `sym` names them jiffies and __memcpy. Values only (p, struct):
    /// crash's `dis` names the same address `&lt;jiffies&gt;` in an instruction's comment, and keeps its own choice.
    /// </summary>
    private KernelSymbol GdbAlias(SymbolLocation at)
    {
        var aliases = symbols.AliasesAt(at.Symbol.Address)
            .Where(s => s.IsText == at.Symbol.IsText && s.Module == at.Symbol.Module)
            .OrderByDescending(s => s.Name, StringComparer.Ordinal)
            .ToList();
        ulong offset = at.Offset;
        return aliases.FirstOrDefault(s => s.Size > offset) ?? aliases.FirstOrDefault(s => s.Size == 0) ?? at.Symbol;
    }

    /// <summary>
    /// The name gdb gives code: the function's DWARF name, which for GCC's clones is the ELF
    /// symbol without the clone suffixes (`cpu_idle_poll.isra.0` is the DWARF function
    /// `cpu_idle_poll`; gdb's `build_address_symbolic` prefers the full symbol to the minimal one).
    /// crash's own commands (`rd -s`, `sym`) keep the ELF name.
    /// </summary>
    internal static string FunctionName(string elfName)
    {
        string name = elfName;
        while (true)
        {
            int dot = name.LastIndexOf('.');
            if (dot <= 0 || dot == name.Length - 1 || name.AsSpan(dot + 1).ContainsAnyExceptInRange('0', '9'))
                return name;
            int kind = name.LastIndexOf('.', dot - 1);
            if (kind <= 0 || name[(kind + 1)..dot] is not ("isra" or "constprop" or "part"))
                return name;
            name = name[..kind];
        }
    }

    private void AppendStringAt(StringBuilder sb, ulong address)
    {
        // Read one more than gdb prints: a string longer than `print elements` ends in "...".
        byte[] buffer = new byte[PrintElements + 1];
        int n = memory.Read(address, buffer);
        if (n == 0)
        {
            sb.Append(" <error: Cannot access memory at address 0x").Append(address.ToString("x", CultureInfo.InvariantCulture)).Append('>');
            return;
        }
        int end = Array.IndexOf(buffer, (byte)0, 0, n);
        sb.Append(' ');
        if (end >= 0)
            GdbText.AppendQuoted(sb, buffer.AsSpan(0, end));
        else
        {
            GdbText.AppendQuoted(sb, buffer.AsSpan(0, Math.Min(n, PrintElements)));
            sb.Append("...");
        }
    }

    private static void AppendCharArray(StringBuilder sb, ReadOnlySpan<byte> chars)
    {
        // generic_printstr: one trailing NUL is not printed; characters are taken a run of equal
        // ones at a time (count_next_character) while fewer than `print elements` were taken, so a
        // run that starts before the limit is printed whole; "..." when the array is not used up.
        int length = chars.Length;
        if (length > 0 && chars[length - 1] == 0)
            length--;
        int taken = 0;
        while (taken < length && taken < PrintElements)
        {
            int run = 1;
            while (taken + run < length && chars[taken + run] == chars[taken])
                run++;
            taken += run;
        }
        GdbText.AppendQuoted(sb, chars[..taken]);
        if (taken < length)
            sb.Append("...");
    }

    private void AppendEnum(StringBuilder sb, KernelType t, ulong raw)
    {
        long signed = SignExtend(raw, (int)t.Size);
        foreach (var e in t.Enumerators)
            if (e.Value == signed || (ulong)e.Value == raw)
            {
                sb.Append(e.Name);
                return;
            }
        sb.Append(hex ? Hex(raw) : signed.ToString(CultureInfo.InvariantCulture));
    }

    private void AppendBase(StringBuilder sb, KernelType t, ulong raw)
    {
        int size = (int)t.Size;
        switch (t.Encoding)
        {
            case 2:
                sb.Append(raw switch { 0 => "false", 1 => "true", _ => raw.ToString(CultureInfo.InvariantCulture) });
                return;
            case 4:
                sb.Append(size == 4
                    ? BitConverter.Int32BitsToSingle((int)raw).ToString("G9", CultureInfo.InvariantCulture)
                    : BitConverter.Int64BitsToDouble((long)raw).ToString("G17", CultureInfo.InvariantCulture));
                return;
            case 6 or 8:
                // gdb prints a char as its number and the character: 0 '\000', 97 'a'.
                sb.Append(hex ? Hex(raw) : t.Encoding == 6 ? SignExtend(raw, size).ToString(CultureInfo.InvariantCulture) : raw.ToString(CultureInfo.InvariantCulture));
                sb.Append(' ');
                GdbText.AppendChar(sb, (byte)raw);
                return;
            case 5:
                sb.Append(hex ? Hex(raw) : SignExtend(raw, size).ToString(CultureInfo.InvariantCulture));
                return;
            default:
                sb.Append(hex ? Hex(raw) : raw.ToString(CultureInfo.InvariantCulture));
                return;
        }
    }

    private void AppendBitfield(StringBuilder sb, KernelMember member, ReadOnlySpan<byte> container, long bits)
    {
        ulong raw = 0;
        int first = (int)(bits >> 3), shift = (int)(bits & 7);
        for (int i = 0; i < 9 && first + i < container.Length && i * 8 < shift + member.BitSize; i++)
            raw |= i < 8 ? (ulong)container[first + i] << (8 * i) : 0;
        if (shift + member.BitSize > 64 && first + 8 < container.Length)
            raw = (raw >> shift) | ((ulong)container[first + 8] << (64 - shift));
        else
            raw >>= shift;
        if (member.BitSize < 64)
            raw &= (1UL << member.BitSize) - 1;
        var t = member.Type.Resolved;
        bool signed = t.Kind == KernelTypeKind.Base && t.Encoding is 5 or 6;
        if (t.Kind == KernelTypeKind.Enum)
        {
            AppendEnum(sb, t, raw);
            return;
        }
        if (t.Encoding == 2)
        {
            sb.Append(raw == 0 ? "false" : raw == 1 ? "true" : raw.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (hex)
            sb.Append(Hex(raw));
        else if (signed && member.BitSize < 64 && (raw >> (member.BitSize - 1) & 1) != 0)
            sb.Append(((long)raw - (1L << member.BitSize)).ToString(CultureInfo.InvariantCulture));
        else
            sb.Append(raw.ToString(CultureInfo.InvariantCulture));
    }

    private static bool IsChar(KernelType type)
    {
        var t = type.Resolved;
        return t.Kind == KernelTypeKind.Base && t.Size == 1 && t.Encoding is 6 or 8;
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static ulong ReadUnsigned(ReadOnlySpan<byte> data, int size) => size switch
    {
        1 when data.Length >= 1 => data[0],
        2 when data.Length >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(data),
        4 when data.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(data),
        8 when data.Length >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(data),
        _ => 0,
    };

    // unchecked: the project checks arithmetic overflow, and a negative value is the point here.
    private static long SignExtend(ulong raw, int size) => unchecked(size switch
    {
        1 => (sbyte)raw,
        2 => (short)raw,
        4 => (int)raw,
        _ => (long)raw,
    });
}
