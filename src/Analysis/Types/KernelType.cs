namespace Crashdesk.Analysis.Types;

/// <summary>
/// A C type of the kernel, from DWARF, BTF or a kernel profile. Immutable and thread-safe; the parts
/// that point at other types (target, members, parameters) are resolved lazily on first use, so
/// building a type never walks the whole type graph (`struct list_head` points at itself).
/// </summary>
public sealed class KernelType
{
    private static readonly Lazy<KernelType?> _noTarget = new((KernelType?)null);
    private static readonly Lazy<IReadOnlyList<KernelMember>> _noMembers = new(Array.Empty<KernelMember>());
    private static readonly Lazy<IReadOnlyList<KernelType>> _noTypes = new(Array.Empty<KernelType>());
    private readonly Lazy<KernelType?> _target;
    private readonly Lazy<IReadOnlyList<KernelMember>> _members;
    private readonly Lazy<IReadOnlyList<KernelType>> _parameters;

    /// <summary>Creates a type; the lazy parts are evaluated at most once (thread-safe).</summary>
    public KernelType(
        KernelTypeKind kind,
        string? name,
        long size,
        Func<KernelType?>? target = null,
        Func<IReadOnlyList<KernelMember>>? members = null,
        IReadOnlyList<KernelEnumerator>? enumerators = null,
        IReadOnlyList<long?>? dimensions = null,
        Func<IReadOnlyList<KernelType>>? parameters = null,
        bool isPrototyped = false,
        bool isVariadic = false,
        bool isDeclaration = false,
        byte encoding = 0)
    {
        Kind = kind;
        Name = name;
        Size = size;
        _target = target is null ? _noTarget : new Lazy<KernelType?>(target, LazyThreadSafetyMode.ExecutionAndPublication);
        _members = members is null ? _noMembers : new Lazy<IReadOnlyList<KernelMember>>(members, LazyThreadSafetyMode.ExecutionAndPublication);
        _parameters = parameters is null ? _noTypes : new Lazy<IReadOnlyList<KernelType>>(parameters, LazyThreadSafetyMode.ExecutionAndPublication);
        Enumerators = enumerators ?? [];
        Dimensions = dimensions ?? [];
        IsPrototyped = isPrototyped;
        IsVariadic = isVariadic;
        IsDeclaration = isDeclaration;
        Encoding = encoding;
    }

    /// <summary>`void`.</summary>
    public static KernelType Void { get; } = new(KernelTypeKind.Void, "void", -1);

    /// <summary>What kind of type this is.</summary>
    public KernelTypeKind Kind { get; }

    /// <summary>Tag or type name without the `struct`/`union`/`enum` keyword; null when anonymous.</summary>
    public string? Name { get; }

    /// <summary>Size in bytes; -1 when unknown (declarations, void, functions, flexible arrays).</summary>
    public long Size { get; }

    /// <summary>Pointee, typedef target, qualified type, array element or function return (null = void).</summary>
    public KernelType? Target => _target.Value;

    /// <summary>Members of a struct or union in declaration order.</summary>
    public IReadOnlyList<KernelMember> Members => _members.Value;

    /// <summary>Constants of an enum.</summary>
    public IReadOnlyList<KernelEnumerator> Enumerators { get; }

    /// <summary>Array dimensions, outermost first; null = no bound (`x[]`).</summary>
    public IReadOnlyList<long?> Dimensions { get; }

    /// <summary>Parameter types of a function type.</summary>
    public IReadOnlyList<KernelType> Parameters => _parameters.Value;

    /// <summary>Function type declared with a prototype (`(void)` rather than `()`).</summary>
    public bool IsPrototyped { get; }

    /// <summary>Function type with `...`.</summary>
    public bool IsVariadic { get; }

    /// <summary>An incomplete declaration (`struct foo;`).</summary>
    public bool IsDeclaration { get; }

    /// <summary>DWARF base type encoding (DW_ATE_*: 2 boolean, 4 float, 5 signed, 6 signed char, 7 unsigned, 8 unsigned char).</summary>
    public byte Encoding { get; }

    /// <summary>The type with typedefs and qualifiers removed (bounded).</summary>
    public KernelType Resolved
    {
        get
        {
            var t = this;
            for (int i = 0; i < AnalysisLimits.Default.MaxTypeChain && t.Kind is KernelTypeKind.Typedef or KernelTypeKind.Const or KernelTypeKind.Volatile or KernelTypeKind.Restrict or KernelTypeKind.Atomic; i++)
                t = t.Target ?? Void;
            return t;
        }
    }

    /// <summary>Finds a member by name, looking through anonymous struct/union members as C does.</summary>
    public bool TryFindMember(string name, out KernelMember member, out long byteOffset)
    {
        long baseBits = 0;
        return TryFindMember(this, name, 0, ref baseBits, out member, out byteOffset);
    }

    private static bool TryFindMember(KernelType type, string name, int depth, ref long baseBits, out KernelMember member, out long byteOffset)
    {
        member = null!;
        byteOffset = 0;
        if (depth > AnalysisLimits.Default.MaxTypeChain)
            return false;
        foreach (var m in type.Resolved.Members)
        {
            if (m.Name == name)
            {
                member = m;
                byteOffset = (baseBits + m.BitOffset) >> 3;
                return true;
            }
            if (m.Name is null && m.Type.Resolved.Kind is KernelTypeKind.Struct or KernelTypeKind.Union)
            {
                long inner = baseBits + m.BitOffset;
                if (TryFindMember(m.Type, name, depth + 1, ref inner, out member, out byteOffset))
                    return true;
            }
        }
        return false;
    }

    /// <summary>C spelling for messages ("struct task_struct", "unsigned int").</summary>
    public override string ToString() => Kind switch
    {
        KernelTypeKind.Struct => "struct " + (Name ?? "{...}"),
        KernelTypeKind.Union => "union " + (Name ?? "{...}"),
        KernelTypeKind.Enum => "enum " + (Name ?? "{...}"),
        KernelTypeKind.Pointer => (Target?.ToString() ?? "void") + " *",
        _ => Name ?? Kind.ToString().ToLowerInvariant(),
    };
}
