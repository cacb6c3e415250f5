using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Btf;

/// <summary>
/// Turns BTF records into <see cref="KernelType"/>s, once per id (cached; references resolved lazily
/// so self-referencing structs cost nothing). Follows the encodings of include/uapi/linux/btf.h.
/// </summary>
internal sealed class BtfTypeBuilder(BtfData data, AnalysisLimits limits)
{
    // DW_ATE_* values used by the model (DWARF 5, 7.8), so BTF and DWARF types print alike.
    private const byte AteBoolean = 2, AteFloat = 4, AteSigned = 5, AteSignedChar = 6, AteUnsigned = 7, AteUnsignedChar = 8;
    private const int PointerSize = 8; // BTF records no pointer width; these are x86_64 kernels.
    private readonly KernelType?[] _cache = new KernelType?[data.Count];

    /// <summary>The type of an id (0 = void), built on first use.</summary>
    public KernelType Get(uint id) => Get(id, 0);

    private KernelType Get(uint id, int depth)
    {
        if (id == 0)
            return KernelType.Void;
        if (id >= (uint)_cache.Length)
            throw new Crashdesk.Analysis.DumpFormatException($"{data.Origin}: BTF type id {id} is outside 1..{_cache.Length - 1}");
        if (_cache[id] is { } cached)
            return cached;
        if (depth > limits.MaxTypeChain)
            throw new Crashdesk.Analysis.DumpFormatException($"{data.Origin}: BTF type {id} is more than {limits.MaxTypeChain} references deep (a cycle?)");
        var built = Build(id, depth);
        return Interlocked.CompareExchange(ref _cache[id], built, null) ?? built;
    }

    /// <summary>
    /// pahole encodes the C character types as plain 1-byte integers (BTF_INT_SIGNED or nothing, without
    /// BTF_INT_CHAR; dwarves btf_encoder), where DWARF says DW_ATE_signed_char / DW_ATE_unsigned_char: known by
    /// name, so that a <c>char comm[16]</c> prints as gdb prints it from DWARF, a string.
    /// </summary>
    private static byte? CharByName(string? name, uint size) => size != 1 ? null : name switch
    {
        // x86-64's plain char is signed (the psABI), as gcc's DWARF says.
        "char" or "signed char" => AteSignedChar,
        "unsigned char" => AteUnsignedChar,
        _ => null,
    };

    private KernelType Build(uint id, int depth)
    {
        var r = data.Record(id);
        string? name = r.NameOffset == 0 ? null : data.String(r.NameOffset);
        uint target = r.SizeOrType;
        switch (r.Kind)
        {
            case BtfKind.Int:
                // BTF_INT_ENCODING (bits 24-27 of the u32 after the header): 1 signed, 2 char, 4 bool.
                uint enc = (r.Trailer(0) >> 24) & 0xf;
                byte ate = (enc & 4) != 0 ? AteBoolean
                    : (enc & 2) != 0 ? ((enc & 1) != 0 ? AteSignedChar : AteUnsignedChar)
                    : CharByName(name, r.SizeOrType) is { } character ? character
                    : (enc & 1) != 0 ? AteSigned : AteUnsigned;
                return new KernelType(KernelTypeKind.Base, name, r.SizeOrType, encoding: ate);
            case BtfKind.Float:
                return new KernelType(KernelTypeKind.Base, name, r.SizeOrType, encoding: AteFloat);
            case BtfKind.Struct or BtfKind.Union:
                return new KernelType(r.Kind == BtfKind.Struct ? KernelTypeKind.Struct : KernelTypeKind.Union, name, r.SizeOrType,
                    members: () => Members(id));
            case BtfKind.Fwd:
                return new KernelType(r.KindFlag ? KernelTypeKind.Union : KernelTypeKind.Struct, name, -1, isDeclaration: true);
            case BtfKind.Enum or BtfKind.Enum64:
                return new KernelType(KernelTypeKind.Enum, name, r.SizeOrType, enumerators: Enumerators(r));
            case BtfKind.Typedef:
                return new KernelType(KernelTypeKind.Typedef, name, SizeOf(target, depth), () => Get(target));
            case BtfKind.Ptr:
                return new KernelType(KernelTypeKind.Pointer, null, PointerSize, () => Get(target));
            case BtfKind.Const or BtfKind.Volatile or BtfKind.Restrict:
                var kind = r.Kind switch { BtfKind.Const => KernelTypeKind.Const, BtfKind.Volatile => KernelTypeKind.Volatile, _ => KernelTypeKind.Restrict };
                return new KernelType(kind, null, SizeOf(target, depth), () => Get(target));
            case BtfKind.TypeTag:
                return Get(target, depth + 1); // btf_type_tag("user") etc.: an annotation, not a C type
            case BtfKind.Array:
                return Array(r, depth);
            case BtfKind.FuncProto:
                return FunctionProto(id, r);
            default:
                // FUNC, VAR, DATASEC, DECL_TAG name things but are no C types.
                throw new Crashdesk.Analysis.DumpFormatException($"{data.Origin}: BTF type {id} (offset {r.Offset}) of kind {r.Kind} is referenced as a type");
        }
    }

    private long SizeOf(uint id, int depth) => Get(id, depth + 1).Size;

    private KernelType Array(BtfRecord r, int depth)
    {
        // struct btf_array { type, index_type, nelems }. C's `int a[2][3]` is an array of arrays in
        // BTF but one DWARF array with two subranges: fold direct nesting into one multi-dimensional
        // type so both sources print the same declaration.
        // nelems 0 is how pahole writes a flexible array member (`x[]`, which DWARF gives no
        // count); the kernel replaced its `x[0]` members with `x[]` (KSPP, 5.x), so read 0 as "no bound".
        var dims = new List<long?> { Bound(r.Trailer(2)) };
        uint element = r.Trailer(0);
        for (int i = 0; i < limits.MaxTypeChain && element != 0; i++)
        {
            var inner = data.Record(element);
            if (inner.Kind != BtfKind.Array)
                break;
            dims.Add(Bound(inner.Trailer(2)));
            element = inner.Trailer(0);
        }
        long elementSize = SizeOf(element, depth);
        long size = elementSize < 0 || dims.Any(d => d is null) ? -1 : dims.Aggregate(elementSize, (acc, d) => acc < 0 || (d > 0 && acc > long.MaxValue / d!.Value) ? -1 : acc * d!.Value);
        uint final = element;
        return new KernelType(KernelTypeKind.Array, null, size, () => Get(final), dimensions: dims);
    }

    private static long? Bound(uint nelems) => nelems == 0 ? null : nelems;

    private KernelType FunctionProto(uint id, BtfRecord r)
    {
        // btf_param { name_off, type } per parameter; a last parameter of type 0 means `...`.
        int count = r.VLen;
        bool variadic = count > 0 && r.Trailer((count - 1) * 2 + 1) == 0;
        int fixedCount = variadic ? count - 1 : count;
        uint returnType = r.SizeOrType;
        return new KernelType(KernelTypeKind.Function, null, -1, () => returnType == 0 ? null : Get(returnType),
            parameters: () =>
            {
                var rec = data.Record(id);
                var result = new KernelType[fixedCount];
                for (int i = 0; i < fixedCount; i++)
                    result[i] = Get(rec.Trailer(i * 2 + 1));
                return result;
            },
            isPrototyped: true, isVariadic: variadic);
    }

    private IReadOnlyList<KernelMember> Members(uint id)
    {
        var r = data.Record(id);
        var result = new KernelMember[r.VLen];
        for (int i = 0; i < result.Length; i++)
        {
            // btf_member { name_off, type, offset }: with kind_flag, offset = bitfield_size << 24 | bit_offset.
            uint nameOff = r.Trailer(i * 3), type = r.Trailer(i * 3 + 1), offset = r.Trailer(i * 3 + 2);
            long bitOffset = r.KindFlag ? offset & 0xffffff : offset;
            int bitSize = r.KindFlag ? (int)(offset >> 24) : 0;
            var memberType = Get(type);
            if (!r.KindFlag && type != 0 && data.Record(type) is { Kind: BtfKind.Int } intRecord)
            {
                // Without kind_flag a bitfield is an INT type whose BTF_INT_BITS is narrower than its
                // size, BTF_INT_OFFSET adding to the member offset (btf.rst 2.2.1).
                uint bits = intRecord.Trailer(0) & 0xff, intOffset = (intRecord.Trailer(0) >> 16) & 0xff;
                if (bits != intRecord.SizeOrType * 8 || intOffset != 0)
                {
                    bitSize = (int)bits;
                    bitOffset += intOffset;
                }
            }
            result[i] = new KernelMember(nameOff == 0 ? null : data.String(nameOff), memberType, bitOffset, bitSize);
        }
        return result;
    }

    private IReadOnlyList<KernelEnumerator> Enumerators(BtfRecord r)
    {
        var result = new KernelEnumerator[r.VLen];
        bool is64 = r.Kind == BtfKind.Enum64;
        for (int i = 0; i < result.Length; i++)
        {
            uint nameOff = r.Trailer(i * (is64 ? 3 : 2));
            long value;
            if (is64)
                value = (long)(((ulong)r.Trailer(i * 3 + 2) << 32) | r.Trailer(i * 3 + 1));
            else
            {
                uint raw = r.Trailer(i * 2 + 1);
                value = r.KindFlag ? (int)raw : raw; // kind_flag = signed enum (btf.rst 2.2.6, since 6.0)
            }
            result[i] = new KernelEnumerator(data.String(nameOff), value);
        }
        return result;
    }
}
