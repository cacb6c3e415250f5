namespace Crashdesk.TestSupport;

/// <summary>
/// The real fixtures: dumps, console logs, kernels and crash's reference outputs, in the shared folder
/// beside the clone (../shared/fixtures, also in CI) or wherever $CRASHDESK_FIXTURES says.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>$CRASHDESK_FIXTURES, else the fixtures folder that stands beside the clone.</summary>
    public static string Root => _root.Value;

    /// <summary>The dumps folder: dumps/&lt;kernel&gt;/&lt;scenario&gt;/&lt;format&gt;.</summary>
    public static string Dumps => Path.Combine(Root, "dumps");

    /// <summary>Every dump folder, in ordinal order (test names stay stable).</summary>
    public static IEnumerable<string> DumpFolders() =>
        Directory.GetDirectories(Dumps).SelectMany(Directory.GetDirectories).SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal);

    /// <summary>A fixture dump folder by id, e.g. "debian-6.1-cloud/sysrq-c/kdump-zlib".</summary>
    public static string DumpFolder(string id) => Path.Combine(Dumps, id);

    /// <summary>The dump file of a fixture id: the one file named dump.* in its folder.</summary>
    public static string DumpFile(string id) => DumpFileIn(DumpFolder(id));

    /// <summary>The dump file inside a dump folder (the one named dump.*).</summary>
    public static string DumpFileIn(string folder) => Directory.GetFiles(folder, "dump.*").Single();

    /// <summary>A named file of a fixture dump, which must exist, e.g. ("mini-6.1-lockdep/sysrq-c/kdump-zstd", "dump.zstd").</summary>
    public static string DumpFile(string id, string fileName)
    {
        string path = Path.Combine(DumpFolder(id), fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture dump missing: {path}", path);
        return path;
    }

    /// <summary>The id of a dump folder ("debian-6.1-cloud/sysrq-c/kdump-zlib"), for test names.</summary>
    public static string Id(string folder) => Path.GetRelativePath(Dumps, folder).Replace('\\', '/');

    /// <summary>crash's `log` output for a fixture dump: the reference kernel log.</summary>
    public static string CrashLog(string id) => File.ReadAllText(Path.Combine(DumpFolder(id), "crash", "log.txt"));

    /// <summary>A file under kernels/ ("debian-6.1-cloud/corpus_crash.ko").</summary>
    public static string KernelFile(string relative) => Path.Combine(Root, "kernels", relative);

    /// <summary>The decompressed vmlinux of a fixture kernel ("mini-6.1-lockdep"): see <see cref="KernelCache"/>.</summary>
    public static string Vmlinux(string kernelId) => KernelCache.Vmlinux(kernelId);

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "fixtures"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException($"fixtures not found at {candidate} (set CRASHDESK_FIXTURES)");
    }
}
