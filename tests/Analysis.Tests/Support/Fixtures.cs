using Crashdesk.TestSupport;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>
/// The engine tests' name for the shared fixtures (<see cref="SharedFixtures"/>, tests/TestSupport):
/// the real dumps beside the clone and the decompressed debug kernels.
/// </summary>
public static class Fixtures
{
    /// <summary>$CRASHDESK_FIXTURES, else the fixtures folder that stands beside the clone.</summary>
    public static string Root => SharedFixtures.Root;

    /// <summary>The dumps folder.</summary>
    public static string Dumps => SharedFixtures.Dumps;

    /// <summary>Every dump folder: dumps/&lt;kernel&gt;/&lt;scenario&gt;/&lt;format&gt;.</summary>
    public static IEnumerable<string> DumpFolders() => SharedFixtures.DumpFolders();

    /// <summary>The dump file inside a dump folder (the one named dump.*).</summary>
    public static string DumpFile(string folder) => SharedFixtures.DumpFileIn(folder);

    /// <summary>Relative id such as "debian-6.1-cloud/sysrq-c/kdump-zlib" for test names.</summary>
    public static string Id(string folder) => SharedFixtures.Id(folder);

    /// <summary>Path of the decompressed vmlinux of a fixture kernel, decompressing it on first use.</summary>
    public static string Vmlinux(string kernelId) => KernelCache.Vmlinux(kernelId);
}
