using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Matching;

/// <summary>
/// What a dump says about the kernel that wrote it (VMCOREINFO `BUILD-ID`, `OSRELEASE`, and the
/// banner if read from memory). A plain record so matching does not depend on the dump readers.
/// </summary>
/// <param name="BuildId">Lower-case hex build-id, null if the dump has none.</param>
/// <param name="Release">Kernel release, null if unknown.</param>
/// <param name="Banner">`linux_banner` text, null if not read.</param>
public sealed record DumpIdentity(string? BuildId, string? Release, string? Banner)
{
    /// <summary>Takes BUILD-ID and OSRELEASE from a dump's VMCOREINFO.</summary>
    public static DumpIdentity FromVmcoreInfo(VmcoreInfo info, string? banner = null) =>
        new(string.IsNullOrWhiteSpace(info.BuildId) ? null : info.BuildId.Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(info.OsRelease) ? null : info.OsRelease.Trim(), banner);
}
