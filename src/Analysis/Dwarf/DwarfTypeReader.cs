using System.Collections.Concurrent;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>
/// Builds <see cref="KernelType"/>s from DIEs on demand and caches them by DIE offset. Member lists,
/// targets and parameters are resolved lazily, so a type costs one DIE read until it is used.
/// Bitfield offsets follow gdb's `dwarf2_add_field`: DW_AT_data_bit_offset (DWARF 4+), else the
/// DWARF 2 big-endian-numbered DW_AT_bit_offset converted to little-endian bit numbering.
/// </summary>
internal sealed class DwarfTypeReader(DwarfInfo dwarf)
{
    private readonly ConcurrentDictionary<int, KernelType> _cache = new();

    public KernelType Get(int offset) => Get(offset, 0);

    private KernelType Get(int offset, int depth)
    {
        if (_cache.TryGetValue(offset, out var cached))
            return cached;
        if (depth > AnalysisLimits.Default.MaxTypeChain)
            throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{offset:x}: type references nest deeper than {AnalysisLimits.Default.MaxTypeChain}");
        return _cache.GetOrAdd(offset, Build(offset, depth));
    }

    private KernelType Build(int offset, int depth)
    {
        var die = dwarf.ReadDie(offset);
        string? name = die.TryGet(AtName, out var n) ? dwarf.String(n, die.Unit) : null;
        long byteSize = die.TryGetConstant(AtByteSize, out long bs) ? bs : -1;
        Func<KernelType?> target = () => TargetOf(die);
        bool declaration = die.Flag(AtDeclaration);
        switch (die.Tag)
        {
            case TagBaseType:
                return new KernelType(KernelTypeKind.Base, name, byteSize, encoding: die.TryGetConstant(AtEncoding, out long enc) ? (byte)enc : (byte)0);
            case TagStructureType or TagUnionType:
                return new KernelType(die.Tag == TagStructureType ? KernelTypeKind.Struct : KernelTypeKind.Union, name,
                    declaration ? -1 : byteSize, members: () => Members(die), isDeclaration: declaration);
            case TagEnumerationType:
                return new KernelType(KernelTypeKind.Enum, name, byteSize, target, enumerators: Enumerators(die), isDeclaration: declaration);
            case TagTypedef:
                return new KernelType(KernelTypeKind.Typedef, name, SizeOfTarget(die, depth), target);
            case TagPointerType:
                return new KernelType(KernelTypeKind.Pointer, null, byteSize > 0 ? byteSize : die.Unit.AddressSize, target);
            case TagConstType or TagVolatileType or TagRestrictType or TagAtomicType:
                var kind = die.Tag switch { TagConstType => KernelTypeKind.Const, TagVolatileType => KernelTypeKind.Volatile, TagRestrictType => KernelTypeKind.Restrict, _ => KernelTypeKind.Atomic };
                return new KernelType(kind, null, SizeOfTarget(die, depth), target);
            case TagArrayType:
                var dims = Dimensions(die);
                long element = SizeOfTarget(die, depth);
                long size = byteSize;
                if (size < 0 && element >= 0 && dims.All(d => d is not null))
                    size = dims.Aggregate(element, (acc, d) => acc < 0 || d!.Value > long.MaxValue / Math.Max(1, acc) ? -1 : acc * d!.Value);
                return new KernelType(KernelTypeKind.Array, null, size, target, dimensions: dims);
            case TagSubroutineType or TagSubprogram:
                // A subprogram (a function itself, `p schedule`) types as its subroutine type would: return type and parameters.
                var (parameters, variadic) = Parameters(die);
                return new KernelType(KernelTypeKind.Function, null, -1, target,
                    parameters: () => parameters.Select(p => Get(p)).ToArray(), isPrototyped: die.Flag(AtPrototyped) || die.Unit.PrototypesEverything, isVariadic: variadic);
            case TagUnspecifiedType:
                return new KernelType(KernelTypeKind.Void, name ?? "void", -1);
            default:
                throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{offset:x}: DIE with tag 0x{die.Tag:x} is not a type");
        }
    }

    private KernelType? TargetOf(DwarfDie die) =>
        die.TryGet(AtType, out var t) ? Get(dwarf.Reference(t, die.Unit)) : null;

    private long SizeOfTarget(DwarfDie die, int depth)
    {
        if (!die.TryGet(AtType, out var t))
            return -1;
        return Get(dwarf.Reference(t, die.Unit), depth + 1).Size;
    }

    private IReadOnlyList<KernelMember> Members(DwarfDie parent)
    {
        var result = new List<KernelMember>();
        foreach (int child in dwarf.Children(parent))
        {
            var die = dwarf.ReadDie(child);
            if (die.Tag != TagMember)
                continue;
            string? name = die.TryGet(AtName, out var n) ? dwarf.String(n, die.Unit) : null;
            if (!die.TryGet(AtType, out var t))
                throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{child:x}: member {name ?? "(anonymous)"} has no DW_AT_type");
            var type = Get(dwarf.Reference(t, die.Unit));
            long bitSize = die.TryGetConstant(AtBitSize, out long b) ? b : 0;
            long bitOffset;
            if (die.TryGetConstant(AtDataBitOffset, out long dbo))
                bitOffset = dbo;
            else
            {
                long location = MemberLocation(die);
                bitOffset = checked(location * 8);
                if (bitSize != 0 && die.TryGetConstant(AtBitOffset, out long bo))
                {
                    // DWARF 2/3: bit_offset counts from the most significant bit of the storage unit.
                    long storage = die.TryGetConstant(AtByteSize, out long sz) ? sz : type.Size;
                    bitOffset += storage * 8 - bo - bitSize;
                }
            }
            if (bitSize is < 0 or > 65536)
                throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{child:x}: member {name} has bit size {bitSize}");
            result.Add(new KernelMember(name, type, bitOffset, (int)bitSize));
        }
        return result;
    }

    private long MemberLocation(DwarfDie die)
    {
        if (!die.TryGet(AtDataMemberLocation, out var v))
            return 0; // union members
        if (die.TryGetConstant(AtDataMemberLocation, out long constant))
            return constant;
        if (v.Form is FormExprloc or FormBlock1 or FormBlock2 or FormBlock4 or FormBlock)
        {
            // DWARF 2 style: DW_OP_plus_uconst <uleb>.
            var c = new DwarfCursor(dwarf.Sections.Info.Span.Slice(v.Start, v.Length), ".debug_info");
            if (v.Length > 0 && c.U8() == OpPlusUconst)
                return (long)c.Uleb();
        }
        throw new NotSupportedException($"DW_AT_data_member_location with form 0x{v.Form:x} at .debug_info offset 0x{die.Offset:x}");
    }

    private KernelEnumerator[] Enumerators(DwarfDie parent)
    {
        var result = new List<KernelEnumerator>();
        foreach (int child in dwarf.Children(parent))
        {
            var die = dwarf.ReadDie(child);
            if (die.Tag != TagEnumerator)
                continue;
            string name = die.TryGet(AtName, out var n) ? dwarf.String(n, die.Unit) : "";
            die.TryGetConstant(AtConstValue, out long value);
            result.Add(new KernelEnumerator(name, value));
        }
        return result.ToArray();
    }

    private long?[] Dimensions(DwarfDie parent)
    {
        var result = new List<long?>();
        foreach (int child in dwarf.Children(parent))
        {
            var die = dwarf.ReadDie(child);
            if (die.Tag != TagSubrangeType)
                continue;
            if (die.TryGetConstant(AtCount, out long count))
                result.Add(count);
            else if (die.TryGetConstant(AtUpperBound, out long upper))
            {
                die.TryGetConstant(0x22, out long lower); // DW_AT_lower_bound, C default 0
                // GCC writes `x[0]` as upper bound -1 (0xffffffff.. in dataN forms).
                long length = upper == -1 || (die.TryGet(AtUpperBound, out var uv) && uv.Form == FormData4 && uv.Unsigned == uint.MaxValue) ? 0 : upper - lower + 1;
                result.Add(length);
            }
            else
                result.Add(null);
        }
        return result.ToArray();
    }

    private (int[] Parameters, bool Variadic) Parameters(DwarfDie parent)
    {
        var result = new List<int>();
        bool variadic = false;
        foreach (int child in dwarf.Children(parent))
        {
            var die = dwarf.ReadDie(child);
            if (die.Tag == TagUnspecifiedParameters)
                variadic = true;
            else if (die.Tag == TagFormalParameter && die.TryGet(AtType, out var t))
                result.Add(dwarf.Reference(t, die.Unit));
        }
        return (result.ToArray(), variadic);
    }
}
