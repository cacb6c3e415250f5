namespace Crashdesk.TestSupport;

/// <summary>The clone the running binaries were built in: the folder that holds Crashdesk.slnx.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> _path = new(Find);

    /// <summary>The repository root, found by walking up from the binaries (then from the working directory).</summary>
    public static string Path => _path.Value;

    private static string Find()
    {
        // The binaries first: a test's working directory is its output folder anyway, and a benchmark's
        // generated child project still runs from below the clone. The working directory covers a binary
        // copied elsewhere and started from inside the clone.
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Crashdesk.slnx")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Crashdesk.slnx above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}
