namespace Crashdesk.Core.Tests.Support;

/// <summary>The shared fixtures beside the clone (../shared/fixtures), or $CRASHDESK_FIXTURES.</summary>
public static class TestFixtures
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    /// <summary>A fixture dump folder, e.g. "debian-6.1-cloud/sysrq-c/kdump-zlib".</summary>
    public static string Folder(string id) => Path.Combine(Root, "dumps", id);

    public static string DumpFile(string id) => Directory.GetFiles(Folder(id), "dump.*").Single();

    /// <summary>crash's `log` output for the dump: the reference kernel log (acceptance-notes.md).</summary>
    public static string CrashLog(string id) => File.ReadAllText(Path.Combine(Folder(id), "crash", "log.txt"));

    /// <summary>The repository root (the directory holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Crashdesk.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "fixtures"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException($"fixtures not found at {candidate}; set CRASHDESK_FIXTURES");
    }
}
