using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Btf;

/// <summary>
/// Kernel types from BTF (the compact type format pahole writes into vmlinux's `.BTF` section, which
/// the running kernel keeps in memory between `__start_BTF` and `__stop_BTF`), mapped onto the same
/// <see cref="KernelType"/> model as DWARF. BTF's only variables are the per-CPU ones (pahole encodes a
/// VAR for each variable of the `.data..percpu` DATASEC, dwarves btf_encoder.c), it has no pointer width (x86_64: 8),
/// and `decl_tag`/`type_tag` are skipped. The name index is built once at load; types are built on
/// demand and cached. Thread-safe.
/// </summary>
public sealed class BtfTypeSource : IKernelTypeSource
{
    private readonly BtfData _data;
    private readonly BtfTypeBuilder _builder;
    private readonly Dictionary<string, uint> _byName;
    private readonly Lazy<Dictionary<string, uint>> _variables;

    private BtfTypeSource(BtfData data, AnalysisLimits limits)
    {
        _data = data;
        _builder = new BtfTypeBuilder(data, limits);
        _byName = BuildIndex(data);
        _variables = new Lazy<Dictionary<string, uint>>(() => BuildVariableIndex(data), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Where the BTF came from ("vmlinux .BTF", "dump memory 0x...").</summary>
    public string Origin => _data.Origin;

    /// <summary>Number of BTF types (including void).</summary>
    public int TypeCount => _data.Count;

    /// <summary>Parses a BTF blob (a copy of the bytes is kept).</summary>
    public static BtfTypeSource Parse(ReadOnlySpan<byte> blob, string origin, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        return new BtfTypeSource(BtfData.Parse(blob.ToArray(), origin, limits), limits);
    }

    /// <summary>The `.BTF` section of a vmlinux; false when it has none.</summary>
    public static bool TryFromElf(ElfImage image, out BtfTypeSource source, AnalysisLimits? limits = null)
    {
        source = null!;
        if (!image.TryGetSection(".BTF", out var section))
            return false;
        source = Parse(image.GetContents(section).Span, $"{image.Path} .BTF", limits);
        return true;
    }

    /// <summary>
    /// The kernel's BTF in dump memory between <paramref name="start"/> (`__start_BTF`) and
    /// <paramref name="stop"/> (`__stop_BTF`); a range that is empty, too large or not fully in the
    /// dump is a <see cref="DumpFormatException"/>.
    /// </summary>
    public static BtfTypeSource FromMemory(IMemoryReader memory, ulong start, ulong stop, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        if (stop <= start || stop - start > (ulong)limits.MaxBtfBytes)
            throw new DumpFormatException($"BTF in memory [0x{start:x}, 0x{stop:x}) is empty or larger than {limits.MaxBtfBytes} bytes");
        var blob = new byte[stop - start];
        int got = memory.Read(start, blob);
        if (got != blob.Length)
            throw new DumpFormatException($"BTF in memory at 0x{start:x}: only {got} of {blob.Length} bytes are in the dump (first missing at 0x{start + (ulong)got:x})");
        return new BtfTypeSource(BtfData.Parse(blob, $"BTF in dump memory at 0x{start:x}", limits), limits);
    }

    /// <inheritdoc />
    public bool TryFindType(string name, out KernelType type)
    {
        type = null!;
        if (!_byName.TryGetValue(name, out uint id))
            return false;
        type = _builder.Get(id);
        return true;
    }

    /// <summary>
    /// The type of a variable BTF describes (a VAR record: name, type; btf.rst 2.2.14), which on
    /// kernels built by pahole means a per-CPU variable; false for any other name.
    /// </summary>
    public bool TryFindVariableType(string name, out KernelType type)
    {
        type = null!;
        if (!_variables.Value.TryGetValue(name, out uint id))
            return false;
        type = _builder.Get(_data.Record(id).SizeOrType);
        return true;
    }

    /// <summary>The type with a BTF id (0 = void).</summary>
    public KernelType GetType(uint id) => _builder.Get(id);

    private static Dictionary<string, uint> BuildVariableIndex(BtfData data)
    {
        var index = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (uint id = 1; id < data.Count; id++)
        {
            var r = data.Record(id);
            if (r.Kind == BtfKind.Var && r.NameOffset != 0)
                index.TryAdd(data.String(r.NameOffset), id);
        }
        return index;
    }

    private static Dictionary<string, uint> BuildIndex(BtfData data)
    {
        // C spelling -> id; a complete definition wins over a forward declaration, the first
        // complete one over later ones (BTF of one kernel is deduplicated, so repeats are rare).
        var index = new Dictionary<string, uint>(StringComparer.Ordinal);
        var isForward = new HashSet<string>(StringComparer.Ordinal);
        for (uint id = 1; id < data.Count; id++)
        {
            var r = data.Record(id);
            if (r.NameOffset == 0)
                continue;
            string? key = r.Kind switch
            {
                BtfKind.Struct => "struct ",
                BtfKind.Union => "union ",
                BtfKind.Enum or BtfKind.Enum64 => "enum ",
                BtfKind.Fwd => r.KindFlag ? "union " : "struct ",
                BtfKind.Typedef or BtfKind.Int or BtfKind.Float => "",
                _ => null,
            };
            if (key is null)
                continue;
            key += data.String(r.NameOffset);
            bool forward = r.Kind == BtfKind.Fwd;
            if (!index.ContainsKey(key) || (isForward.Contains(key) && !forward))
            {
                index[key] = id;
                if (forward)
                    isForward.Add(key);
                else
                    isForward.Remove(key);
            }
        }
        return index;
    }
}
