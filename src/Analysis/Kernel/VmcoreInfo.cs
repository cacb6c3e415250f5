using System.Globalization;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// The VMCOREINFO text the crashed kernel wrote (kernel/crash_core.c, arch/x86/kernel/machine_kexec_64.c):
/// KEY=value lines. SYMBOL and KERNELOFFSET are hex without 0x; SIZE, OFFSET, LENGTH and NUMBER are
/// decimal and may be negative (NUMBER(phys_base), NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)): parsed as
/// signed 64-bit. Immutable and thread-safe.
/// </summary>
public sealed class VmcoreInfo
{
    private readonly Dictionary<string, string> _entries;

    private VmcoreInfo(Dictionary<string, string> entries, string text)
    {
        _entries = entries;
        Text = text;
    }

    /// <summary>An empty VMCOREINFO (dumps without one).</summary>
    public static VmcoreInfo Empty { get; } = new([], "");

    /// <summary>The raw text.</summary>
    public string Text { get; }

    /// <summary>Every key (e.g. "SYMBOL(prb)") and its raw value; the last occurrence of a key wins.</summary>
    public IReadOnlyDictionary<string, string> Entries => _entries;

    /// <summary>OSRELEASE: the kernel release (uname -r).</summary>
    public string? OsRelease => Get("OSRELEASE");

    /// <summary>BUILD-ID: the vmlinux GNU build-id (hex), 5.9+.</summary>
    public string? BuildId => Get("BUILD-ID");

    /// <summary>PAGESIZE in bytes.</summary>
    public long? PageSize => ParseDecimal(Get("PAGESIZE"));

    /// <summary>KERNELOFFSET: the KASLR slide (hex), added to every vmlinux symbol.</summary>
    public ulong? KernelOffset => ParseHex(Get("KERNELOFFSET"));

    /// <summary>CRASHTIME: seconds since the epoch when the kernel crashed.</summary>
    public long? CrashTime => ParseDecimal(Get("CRASHTIME"));

    /// <summary>The runtime address of SYMBOL(<paramref name="name"/>).</summary>
    public ulong? Symbol(string name) => ParseHex(Get($"SYMBOL({name})"));

    /// <summary>SIZE(<paramref name="type"/>): sizeof the type in bytes.</summary>
    public long? Size(string type) => ParseDecimal(Get($"SIZE({type})"));

    /// <summary>OFFSET(<paramref name="typeDotMember"/>), e.g. "printk_info.seq".</summary>
    public long? Offset(string typeDotMember) => ParseDecimal(Get($"OFFSET({typeDotMember})"));

    /// <summary>LENGTH(<paramref name="name"/>): an array length.</summary>
    public long? Length(string name) => ParseDecimal(Get($"LENGTH({name})"));

    /// <summary>NUMBER(<paramref name="name"/>), signed.</summary>
    public long? Number(string name) => ParseDecimal(Get($"NUMBER({name})"));

    /// <summary>CONFIG_<paramref name="name"/> ("y", "m" or a value), without the CONFIG_ prefix in the argument.</summary>
    public string? Config(string name) => Get($"CONFIG_{name}");

    /// <summary>Any raw value.</summary>
    public string? Get(string key) => _entries.TryGetValue(key, out var v) ? v : null;

    /// <summary>Parses the text; malformed lines (no '=') are ignored, values are kept raw until asked for.</summary>
    public static VmcoreInfo Parse(string text, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        if (text.Length > limits.MaxVmcoreInfoBytes)
            throw new DumpFormatException($"the VMCOREINFO text is {text.Length} bytes, more than the engine reads (a limit of {limits.MaxVmcoreInfoBytes} bytes; the kernel writes a few KiB)");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r', '\0');
            int eq = line.IndexOf('=');
            if (eq <= 0)
                continue;
            entries[line[..eq]] = line[(eq + 1)..];
        }
        return new VmcoreInfo(entries, text);
    }

    private static long? ParseDecimal(string? v) =>
        v is not null && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : null;

    private static ulong? ParseHex(string? v)
    {
        if (v is null)
            return null;
        var s = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? v[2..] : v;
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong n) ? n : null;
    }
}
