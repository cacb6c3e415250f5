using Crashdesk.TestSupport;

namespace Crashdesk.Web.E2E.Support;

/// <summary>The E2E tests' name for the shared fixtures (<see cref="SharedFixtures"/>, tests/TestSupport).</summary>
public static class FixtureFiles
{
    /// <summary>$CRASHDESK_FIXTURES, else ../shared/fixtures beside the clone.</summary>
    public static string Root => SharedFixtures.Root;

    /// <summary>A dump file, e.g. Dump("mini-6.1-lockdep/sysrq-c/kdump-zstd", "dump.zstd").</summary>
    public static string Dump(string folder, string fileName) => SharedFixtures.DumpFile(folder, fileName);

    /// <summary>A fixture debug kernel, decompressed once (<see cref="KernelCache"/>).</summary>
    public static string Vmlinux(string kernelId) => KernelCache.Vmlinux(kernelId);

    /// <summary>The GNU build-id as binutils' `readelf -n` prints it (the reference, not our reader).</summary>
    public static string ReadelfBuildId(string path) => ReferenceTools.ReadelfBuildId(path);

    /// <summary>The repository root (the folder holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;
}
