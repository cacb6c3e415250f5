using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Reports;

/// <summary>Fills a <see cref="DumpSummary"/> (what `crashdesk info` prints) from an opened target.</summary>
public static class DumpSummaryBuilder
{
    /// <summary>Builds the summary; never reads more than the utsname and headers.</summary>
    public static DumpSummary Build(KernelTarget target)
    {
        var f = target.FileInfo;
        var uts = target.UtsName;
        return new DumpSummary
        {
            Format = f.Format,
            Compression = f.Compression,
            DumpLevel = f.DumpLevel,
            PagesPresent = f.PagesPresent,
            PagesExcluded = f.PagesExcluded,
            Incomplete = f.Incomplete,
            Truncated = f.Truncated,
            KernelRelease = target.Release,
            KernelVersion = uts is { Version.Length: > 0 } ? uts.Version : null,
            BuildId = target.VmcoreInfo.BuildId,
            CrashTime = target.CrashTime,
            Cpus = target.CpuCount,
            NodeName = uts is { NodeName.Length: > 0 } ? uts.NodeName : null,
            Machine = uts is { Machine.Length: > 0 } ? uts.Machine : null,
        };
    }
}
