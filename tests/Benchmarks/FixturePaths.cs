namespace Crashdesk.Benchmarks;

/// <summary>../shared/fixtures beside the clone (or $CRASHDESK_FIXTURES).</summary>
internal static class FixturePaths
{
    public static string Dumps => Path.Combine(Root(), "dumps");

    private static string Root()
    {
        string? env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }
        throw new DirectoryNotFoundException("fixtures not found: set CRASHDESK_FIXTURES");
    }
}
