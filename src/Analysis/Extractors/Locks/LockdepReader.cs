using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// Reads lockdep's per-task `held_locks[]` (CONFIG_LOCKDEP kernels only; detected by the presence of
/// task_struct.lockdep_depth). Names come from the lock class (`lock_classes[hlock->class_idx]`) the
/// way lockdep's __print_lock_name() prints them: name, `#name_version` when > 1, `/subclass` when set
/// (kernel/locking/lockdep.c, v6.1).
/// </summary>
internal sealed class LockdepReader
{
    // MAX_LOCK_DEPTH (include/linux/sched.h): held_locks[] has 48 entries.
    private const int MaxLockDepth = 48;
    private readonly KernelContext _context;
    private readonly long _depthOffset;
    private readonly long _heldOffset;
    private readonly long _heldSize;
    private readonly KernelMember _classIdx;
    private readonly KernelMember? _read;
    private readonly long _instanceOffset;
    private readonly long _ipOffset;
    private readonly ulong _lockClasses;
    private readonly long _classSize;
    private readonly long _nameOffset;
    private readonly long _versionOffset;
    private readonly long? _subclassOffset;

    private LockdepReader(KernelContext context, long depth, long held, long heldSize, KernelMember classIdx, KernelMember? read,
        long instance, long ip, ulong lockClasses, long classSize, long name, long version, long? subclass)
    {
        _context = context;
        _depthOffset = depth;
        _heldOffset = held;
        _heldSize = heldSize;
        _classIdx = classIdx;
        _read = read;
        _instanceOffset = instance;
        _ipOffset = ip;
        _lockClasses = lockClasses;
        _classSize = classSize;
        _nameOffset = name;
        _versionOffset = version;
        _subclassOffset = subclass;
    }

    /// <summary>A reader when the kernel has lockdep (and the types say how), else null.</summary>
    public static LockdepReader? TryCreate(KernelContext context)
    {
        var t = context.Types;
        if (t.OffsetOf("task_struct", "lockdep_depth") is not { } depth || t.OffsetOf("task_struct", "held_locks") is not { } held)
            return null;
        if (!t.TryFind("held_lock", out var heldType) || !heldType.Resolved.TryFindMember("class_idx", out var classIdx, out _))
            return null;
        heldType.Resolved.TryFindMember("read", out var read, out _);
        if (!context.TryGetSymbolAddress("lock_classes", out ulong classes))
            return null;
        return new LockdepReader(context, depth, held, heldType.Resolved.Size, classIdx, read,
            t.RequireOffset("held_lock", "instance"), t.RequireOffset("held_lock", "acquire_ip"), classes,
            t.RequireSize("lock_class"), t.RequireOffset("lock_class", "name"), t.RequireOffset("lock_class", "name_version"),
            t.OffsetOf("lock_class", "subclass"));
    }

    /// <summary>The held locks of one task; empty when it holds none.</summary>
    public IReadOnlyList<HeldLock> Read(KernelTask task)
    {
        var m = _context.Target.KernelMemory;
        if (!m.TryReadU32(task.Address + (ulong)_depthOffset, out uint depth) || depth == 0)
            return [];
        int count = (int)Math.Min(depth, MaxLockDepth);
        var locks = new List<HeldLock>(count);
        var entry = new byte[_heldSize];
        for (int i = 0; i < count; i++)
        {
            ulong at = task.Address + (ulong)_heldOffset + (ulong)(i * _heldSize);
            if (!m.TryReadExactly(at, entry))
                break;
            ulong instance = BitConverter.ToUInt64(entry, (int)_instanceOffset);
            ulong ip = BitConverter.ToUInt64(entry, (int)_ipOffset);
            int classIndex = (int)Bits(entry, _classIdx);
            int read = _read is null ? 0 : (int)Bits(entry, _read);
            locks.Add(new HeldLock(i, instance, ClassName(classIndex), ip, Site(ip), read));
        }
        return locks;
    }

    private string ClassName(int index)
    {
        var m = _context.Target.KernelMemory;
        ulong cls = _lockClasses + (ulong)(index * _classSize);
        string name = m.TryReadU64(cls + (ulong)_nameOffset, out ulong namePtr) ? m.ReadCString(namePtr, 128) ?? $"class#{index}" : $"class#{index}";
        if (m.TryReadU32(cls + (ulong)_versionOffset, out uint version) && (int)version > 1)
            name += "#" + (int)version;
        if (_subclassOffset is { } so && m.TryReadU32(cls + (ulong)so, out uint subclass) && subclass != 0)
            name += "/" + subclass;
        return name;
    }

    /// <summary>
    /// `%pS` of the acquire ip. The kernel's size is the distance to the next kallsyms symbol
    /// (kallsyms_lookup_size_offset), which includes the alignment padding that ELF st_size omits.
    /// </summary>
    private string? Site(ulong ip)
    {
        if (!_context.Symbols.TryResolve(ip, out var loc))
            return null;
        ulong start = loc.SymbolAddress;
        ulong size = loc.Symbol.Size;
        for (ulong probe = start + Math.Max(size, 1); probe < start + Math.Max(size, 1) + 64; probe++)
        {
            if (_context.Symbols.TryResolve(probe, out var next) && next.SymbolAddress > start)
            {
                size = next.SymbolAddress - start;
                break;
            }
        }
        return $"{loc.Symbol.Name}+0x{loc.Offset:x}/0x{size:x}";
    }

    /// <summary>Reads a bitfield member given its bit offset from the start of the structure (little-endian).</summary>
    internal static ulong Bits(ReadOnlySpan<byte> structure, KernelMember member)
    {
        int size = member.BitSize == 0 ? (int)Math.Min(64, member.Type.Resolved.Size * 8) : member.BitSize;
        int first = (int)(member.BitOffset >> 3);
        Span<byte> window = stackalloc byte[8];
        window.Clear();
        if (first < structure.Length)
            structure[first..Math.Min(structure.Length, first + 8)].CopyTo(window);
        ulong raw = BitConverter.ToUInt64(window) >> (int)(member.BitOffset & 7);
        return size >= 64 ? raw : raw & ((1UL << size) - 1);
    }
}
