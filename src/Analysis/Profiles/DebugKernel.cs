using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Dwarf;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// A debug kernel (vmlinux with DWARF) opened through a memory mapping: identity, `.symtab`, DWARF
/// types (name index built on first type lookup) and ORC tables. Thread-safe; dispose to unmap.
/// </summary>
public sealed class DebugKernel : IKernelDebugInfo, IDisposable
{
    private readonly Lazy<SymbolTable> _symbols;
    private readonly Lazy<DwarfInfo> _dwarf;
    private readonly Lazy<KernelIdentity> _identity;
    private readonly Lazy<OrcTables?> _orc;

    private DebugKernel(ElfImage image)
    {
        Image = image;
        _symbols = new Lazy<SymbolTable>(() => SymbolTable.Create(new ElfSymbolSource(image).ReadSymbols()));
        _dwarf = new Lazy<DwarfInfo>(() => DwarfSections.TryLoad(image, out var s)
            ? new DwarfInfo(s)
            : throw new NotSupportedException($"{image.Path} has no .debug_info: not a debug kernel (System.map or kallsyms give symbols only)"));
        _identity = new Lazy<KernelIdentity>(ReadIdentity);
        _orc = new Lazy<OrcTables?>(ReadOrc);
    }

    /// <summary>Opens a vmlinux.</summary>
    public static DebugKernel Open(string path) => new(ElfImage.Open(path));

    /// <summary>The mapped ELF file.</summary>
    public ElfImage Image { get; }

    /// <inheritdoc />
    public KernelIdentity Identity => _identity.Value;

    /// <inheritdoc />
    public SymbolTable Symbols => _symbols.Value;

    /// <summary>The DWARF reader.</summary>
    public DwarfInfo Dwarf => _dwarf.Value;

    /// <inheritdoc />
    public IKernelTypeSource Types => _dwarf.Value;

    /// <inheritdoc />
    public OrcTables? Orc => _orc.Value;

    private KernelIdentity ReadIdentity()
    {
        string? buildId = GnuBuildId.TryRead(Image, out var id) ? id : null;
        // One pass over the symbols, not the name dictionary (100 000+ entries) that TryGetSymbol
        // builds: a profile build needs no other name lookup. Same choice: first, a global wins.
        KernelSymbol? symbol = null;
        foreach (var s in Symbols.Symbols)
            if (s.Name == "linux_banner" && (symbol is null || (!symbol.IsGlobal && s.IsGlobal)))
                symbol = s;
        string? banner = symbol is not null && LinuxBanner.TryRead(Image, symbol.Address, out var b) ? b : null;
        return new KernelIdentity(buildId, KernelIdentity.ReleaseFromBanner(banner), banner);
    }

    private OrcTables? ReadOrc()
    {
        if (!Image.TryGetSection(".orc_unwind_ip", out var ip) || !Image.TryGetSection(".orc_unwind", out var unwind))
            return null;
        Image.TryGetSection(".orc_lookup", out var lookup);
        var ipBytes = Image.GetContents(ip);
        var unwindBytes = Image.GetContents(unwind);
        if (ipBytes.Length % 4 != 0 || unwindBytes.Length != ipBytes.Length / 4 * 6)
            throw new DumpFormatException($"{Image.Path}: .orc_unwind_ip (0x{ipBytes.Length:x} bytes) and .orc_unwind (0x{unwindBytes.Length:x} bytes) do not describe the same number of entries (4 and 6 bytes each)");
        return new OrcTables(ip.Address, ipBytes, unwind.Address, unwindBytes, lookup?.Address ?? 0, lookup is null ? ReadOnlyMemory<byte>.Empty : Image.GetContents(lookup));
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose() => Image.Dispose();
}
