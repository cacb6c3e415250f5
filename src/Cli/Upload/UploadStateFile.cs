namespace Crashdesk.Cli.Upload;

/// <summary>
/// Remembers the session of each file being uploaded, so running the same command again resumes instead of
/// starting over: one line per upload ("{server} {case} {path} {size} {mtime ticks}\t{session URL}") in
/// $XDG_CACHE_HOME/crashdesk/uploads (default ~/.cache/crashdesk/uploads). A changed file (size or mtime) gets a
/// new session. Never holds the API key.
/// </summary>
internal sealed class UploadStateFile(string path)
{
    public static string DefaultPath()
    {
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "crashdesk", "uploads");
    }

    public static string KeyOf(Uri server, Guid caseId, FileInfo file) =>
        $"{server.AbsoluteUri} {caseId} {file.FullName} {file.Length} {file.LastWriteTimeUtc.Ticks}".Replace('\t', ' ').Replace('\n', ' ');

    public Uri? Find(string key)
    {
        foreach (var (k, url) in Read())
        {
            if (k == key && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                return uri;
        }
        return null;
    }

    public void Remember(string key, Uri session) => Write([.. Read().Where(e => e.Key != key), (key, session.AbsoluteUri)]);

    public void Forget(string key) => Write([.. Read().Where(e => e.Key != key)]);

    private List<(string Key, string Url)> Read()
    {
        if (!File.Exists(path))
            return [];
        return [.. File.ReadAllLines(path).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]))];
    }

    private void Write(List<(string Key, string Url)> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + ".new";
        File.WriteAllLines(temp, entries.Select(e => $"{e.Key}\t{e.Url}"));
        File.Move(temp, path, overwrite: true);
    }
}
