using Crashdesk.TestSupport;

namespace Crashdesk.Core.Tests.Support;

/// <summary>The service tests' name for the shared fixtures (<see cref="SharedFixtures"/>, tests/TestSupport).</summary>
public static class TestFixtures
{
    /// <summary>$CRASHDESK_FIXTURES, else the fixtures folder beside the clone.</summary>
    public static string Root => SharedFixtures.Root;

    /// <summary>A fixture dump folder, e.g. "debian-6.1-cloud/sysrq-c/kdump-zlib".</summary>
    public static string Folder(string id) => SharedFixtures.DumpFolder(id);

    /// <summary>The dump file of a fixture id.</summary>
    public static string DumpFile(string id) => SharedFixtures.DumpFile(id);

    /// <summary>crash's `log` output for the dump: the reference kernel log (acceptance-notes.md).</summary>
    public static string CrashLog(string id) => SharedFixtures.CrashLog(id);

    /// <summary>A fixture debug kernel ("mini-6.1-lockdep"), decompressed once (<see cref="KernelCache"/>).</summary>
    public static string Vmlinux(string kernelId) => KernelCache.Vmlinux(kernelId);

    /// <summary>The GNU build-id of an ELF file as binutils' `readelf -n` prints it (the reference, not our reader).</summary>
    public static string ReadelfBuildId(string path) => ReferenceTools.ReadelfBuildId(path);

    /// <summary>The repository root (the directory holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot() => TestSupport.RepositoryRoot.Path;
}
