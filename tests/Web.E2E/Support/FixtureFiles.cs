namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// The shared fixtures (../shared/fixtures beside the clone, or $CRASHDESK_FIXTURES), found the
/// way tests/Analysis.Tests/Support/Fixtures.cs finds them: walk up to Crashdesk.slnx.
/// </summary>
public static class FixtureFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>A dump file, e.g. Dump("mini-6.1-lockdep/sysrq-c/kdump-zstd", "dump.zstd").</summary>
    public static string Dump(string folder, string fileName)
    {
        string path = Path.Combine(Root, "dumps", folder, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture dump missing: {path}", path);
        return path;
    }

    /// <summary>The repository root (the folder holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Crashdesk.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        string candidate = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "fixtures"));
        if (!System.IO.Directory.Exists(candidate))
            throw new DirectoryNotFoundException($"fixtures not found at {candidate} (set CRASHDESK_FIXTURES)");
        return candidate;
    }
}
