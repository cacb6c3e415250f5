using System.Collections.Concurrent;

namespace Crashdesk.Analysis.Types;

/// <summary>
/// Member offsets and sizes by name over any <see cref="IKernelTypeSource"/> (DWARF, profile, BTF),
/// cached. Paths may be dotted through nested members ("thread.sp", "signal.thread_head"), as
/// crash's `struct -o` and drgn's offsetof() accept them.
/// </summary>
public sealed class TypeLayout
{
    private readonly ConcurrentDictionary<(string, string), long?> _offsets = new();

    /// <summary>Wraps a type source.</summary>
    public TypeLayout(IKernelTypeSource source) => Source = source;

    /// <summary>The underlying type source.</summary>
    public IKernelTypeSource Source { get; }

    /// <summary>Finds "struct x" / "union x" / a typedef by C spelling; a bare name tries "struct name" first.</summary>
    public bool TryFind(string name, out KernelType type)
    {
        if (!name.Contains(' ') && Source.TryFindType("struct " + name, out type))
            return true;
        return Source.TryFindType(name, out type);
    }

    /// <summary>sizeof(type), or null when the type is unknown.</summary>
    public long? SizeOf(string typeName) => TryFind(typeName, out var t) && t.Resolved.Size >= 0 ? t.Resolved.Size : null;

    /// <summary>offsetof(type, path) for a dotted member path, or null when unknown.</summary>
    public long? OffsetOf(string typeName, string memberPath) =>
        _offsets.GetOrAdd((typeName, memberPath), key => ComputeOffset(key.Item1, key.Item2));

    /// <summary>Like <see cref="OffsetOf"/>, throwing <see cref="NotSupportedException"/> naming what is missing.</summary>
    public long RequireOffset(string typeName, string memberPath) =>
        OffsetOf(typeName, memberPath) ?? throw new NotSupportedException($"the kernel's types have no member {typeName}.{memberPath}");

    /// <summary>Like <see cref="SizeOf"/>, throwing <see cref="NotSupportedException"/> naming what is missing.</summary>
    public long RequireSize(string typeName) =>
        SizeOf(typeName) ?? throw new NotSupportedException($"the kernel's types have no {typeName}");

    /// <summary>The member's type at a dotted path, or null.</summary>
    public KernelType? MemberType(string typeName, string memberPath)
    {
        if (!TryFind(typeName, out var type))
            return null;
        foreach (string part in memberPath.Split('.'))
        {
            if (!type.TryFindMember(part, out var member, out _))
                return null;
            type = member.Type;
        }
        return type;
    }

    private long? ComputeOffset(string typeName, string memberPath)
    {
        if (!TryFind(typeName, out var type))
            return null;
        long total = 0;
        foreach (string part in memberPath.Split('.'))
        {
            if (!type.TryFindMember(part, out var member, out long offset))
                return null;
            total += offset;
            type = member.Type;
        }
        return total;
    }
}
