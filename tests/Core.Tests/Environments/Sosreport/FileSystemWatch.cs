namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>
/// Watches where a reader that extracted anything would write while it runs: a fresh directory
/// made the process's temporary directory (TMPDIR, which Path.GetTempPath reads on each call), the
/// real temporary directory, and the working directory. Used only in
/// <see cref="NoParallelFileSystemCollection"/>, whose tests run alone, so any event in the fresh
/// directory or the working directory is the reader's; in the shared temporary directory, events are
/// counted when their path holds one of the archive's member names.
/// </summary>
internal sealed class FileSystemWatch : IDisposable
{
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly List<string> events = [];
    private readonly string? previousTmp = Environment.GetEnvironmentVariable("TMPDIR");
    private readonly string[] markers;

    public FileSystemWatch(params string[] memberNames)
    {
        markers = [.. memberNames.Select(n => n.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? n).Where(n => n.Length > 0)];
        string sharedTemp = Path.GetTempPath();
        Fresh = Path.Combine(sharedTemp, "crashdesk-tests", "watched-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Fresh);
        Watch(Fresh, recursive: true, all: true);
        Watch(Environment.CurrentDirectory, recursive: true, all: true);
        Watch(sharedTemp, recursive: false, all: false);
        Environment.SetEnvironmentVariable("TMPDIR", Fresh);
    }

    /// <summary>The directory made TMPDIR for the watch.</summary>
    public string Fresh { get; }

    /// <summary>What was created, changed, renamed or deleted in the watched places (after a moment for the events to arrive).</summary>
    public IReadOnlyList<string> Events()
    {
        Thread.Sleep(200);
        lock (events)
            return [.. events, .. Directory.EnumerateFileSystemEntries(Fresh, "*", SearchOption.AllDirectories).Select(e => "present: " + e)];
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TMPDIR", previousTmp);
        foreach (var watcher in watchers)
            watcher.Dispose();
        try { Directory.Delete(Fresh, recursive: true); } catch (IOException) { }
    }

    private void Watch(string directory, bool recursive, bool all)
    {
        var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = recursive, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        void Record(string change, string path)
        {
            if (all || markers.Any(m => path.Contains(m, StringComparison.Ordinal)))
                lock (events)
                    events.Add($"{change}: {path}");
        }
        watcher.Created += (_, e) => Record("created", e.FullPath);
        watcher.Changed += (_, e) => Record("changed", e.FullPath);
        watcher.Deleted += (_, e) => Record("deleted", e.FullPath);
        watcher.Renamed += (_, e) => Record("renamed", e.FullPath);
        watcher.EnableRaisingEvents = true;
        watchers.Add(watcher);
    }
}
