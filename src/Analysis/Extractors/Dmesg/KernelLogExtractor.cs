using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Recovers the kernel log from VMCOREINFO alone (no debug kernel), choosing the printk
/// generation by which symbols the kernel exported, as crash's dump_log() and makedumpfile's
/// dump_dmesg() do: prb (5.10+), log_first_idx (3.5–5.9), else log_end (older).
/// </summary>
public static class KernelLogExtractor
{
    /// <summary>Reads the log of <paramref name="target"/>.</summary>
    public static KernelLog Extract(KernelTarget target) => Extract(target.KernelMemory, target.VmcoreInfo, target.Limits);

    /// <summary>Reads the log from any kernel-virtual memory described by <paramref name="info"/>.</summary>
    public static KernelLog Extract(IMemoryReader kernelMemory, VmcoreInfo info, AnalysisLimits? limits = null)
    {
        limits ??= AnalysisLimits.Default;
        if (info.Symbol("prb") is not null)
            return PrintkRingBufferReader.Read(kernelMemory, info, limits);
        if (info.Symbol("log_first_idx") is not null && info.Symbol("log_next_idx") is not null)
            return PrintkLogRecordReader.Read(kernelMemory, info, limits);
        if (info.Symbol("log_end") is not null)
            return LegacyLogBufferReader.Read(kernelMemory, info, limits);
        throw new NotSupportedException(info.Entries.Count == 0
            ? "the dump has no VMCOREINFO, so the kernel log cannot be located without a debug kernel"
            : "VMCOREINFO exports none of prb, log_first_idx/log_next_idx, log_end: unknown printk buffer layout");
    }
}
