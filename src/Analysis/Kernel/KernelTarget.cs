using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Translation;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// A crashed x86_64 kernel opened from a dump, with no debug kernel: VMCOREINFO, physical and
/// kernel-virtual memory, the registers of every CPU and the dump's facts. The starting point of
/// every extractor. Immutable after <see cref="Open"/>; every member is thread-safe.
/// Does not own the byte source: dispose it yourself.
/// </summary>
public sealed class KernelTarget
{
    private KernelTarget(IByteSource source, OpenedDump dump, VmcoreInfo info, X86_64AddressTranslator translator, IReadOnlyList<CpuRegisters> cpus, AnalysisLimits limits)
    {
        Source = source;
        Dump = dump;
        VmcoreInfo = info;
        Translator = translator;
        KernelMemory = new KernelMemory(dump.PhysicalMemory, translator);
        Cpus = cpus;
        Limits = limits;
        UtsName = ReadUtsName() ?? dump.Info.UtsName;
    }

    /// <summary>The byte source the dump is read from.</summary>
    public IByteSource Source { get; }

    /// <summary>The format reader's result (physical memory, notes, facts).</summary>
    public OpenedDump Dump { get; }

    /// <summary>What the file format says: format, compression, page counts, incomplete/truncated.</summary>
    public DumpFileInfo FileInfo => Dump.Info;

    /// <summary>The parsed VMCOREINFO (<see cref="VmcoreInfo.Empty"/> when the dump has none).</summary>
    public VmcoreInfo VmcoreInfo { get; }

    /// <summary>Physical memory.</summary>
    public PhysicalMemory PhysicalMemory => Dump.PhysicalMemory;

    /// <summary>Kernel-virtual memory (kernel image, direct map, page-table-walked vmalloc/modules).</summary>
    public KernelMemory KernelMemory { get; }

    /// <summary>The x86_64 translator (phys_base, page_offset_base, the page-table walker).</summary>
    public X86_64AddressTranslator Translator { get; }

    /// <summary>One entry per NT_PRSTATUS note, in CPU order.</summary>
    public IReadOnlyList<CpuRegisters> Cpus { get; }

    /// <summary>Every ELF note of the dump (NT_PRSTATUS, VMCOREINFO, QEMU, ...).</summary>
    public IReadOnlyList<ElfNote> Notes => Dump.Notes;

    /// <summary>The caps used when opening (extractors should use them too).</summary>
    public AnalysisLimits Limits { get; }

    /// <summary>utsname from memory (init_uts_ns), else the kdump header's copy; null when neither is readable.</summary>
    public UtsName? UtsName { get; }

    /// <summary>KASLR slide (VMCOREINFO KERNELOFFSET), 0 when absent.</summary>
    public ulong KernelOffset => VmcoreInfo.KernelOffset ?? 0;

    /// <summary>The kernel release: utsname, else VMCOREINFO OSRELEASE.</summary>
    public string? Release => UtsName is { Release.Length: > 0 } u ? u.Release : VmcoreInfo.OsRelease;

    /// <summary>CPU count: the kdump header's nr_cpus, else the number of NT_PRSTATUS notes.</summary>
    public int? CpuCount => FileInfo.HeaderCpus is > 0 and var n ? n : Cpus.Count > 0 ? Cpus.Count : null;

    /// <summary>Crash time: VMCOREINFO CRASHTIME, else the kdump header timestamp; null when unknown (QEMU dumps).</summary>
    public DateTimeOffset? CrashTime =>
        VmcoreInfo.CrashTime is { } t && t > 0 ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(t, 253402300799)) : FileInfo.Timestamp;

    /// <summary>Opens a dump: detects the format, parses VMCOREINFO and the notes, sets up translation.</summary>
    public static KernelTarget Open(IByteSource source, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        var dump = DumpOpener.Open(source, limits);
        var info = dump.VmcoreInfoText is { } text ? VmcoreInfo.Parse(text, limits) : VmcoreInfo.Empty;
        var translator = TranslatorFactory.Create(dump, info);
        var cpus = new List<CpuRegisters>();
        foreach (var note in dump.Notes.Where(n => n.IsPrStatus))
        {
            if (cpus.Count >= limits.MaxCpus)
                break;
            if (CpuRegisters.FromPrStatus(cpus.Count, note) is { } regs)
                cpus.Add(regs);
        }
        return new KernelTarget(source, dump, info, translator, cpus, limits);
    }

    private UtsName? ReadUtsName()
    {
        // init_uts_ns.name (kernel/utsname.c); VMCOREINFO exports both (kernel/crash_core.c).
        if (VmcoreInfo.Symbol("init_uts_ns") is not { } ns)
            return null;
        ulong at = ns + (ulong)(VmcoreInfo.Offset("uts_namespace.name") ?? 0);
        byte[] raw = new byte[UtsName.Size];
        if (!KernelMemory.TryReadExactly(at, raw))
            return null;
        var u = UtsName.Parse(raw);
        return u.IsBlank ? null : u;
    }
}
