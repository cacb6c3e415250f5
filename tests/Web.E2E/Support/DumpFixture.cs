using System.Text.Json;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// One fixture dump and the reference tools' answers about it: meta.json (size, sha256, crash's
/// panic line), crash/log.txt (crash's `log`), crash/sys.txt (crash's `sys`).
/// </summary>
public sealed class DumpFixture
{
    private DumpFixture(string folder, string dumpPath, JsonElement meta)
    {
        Folder = folder;
        DumpPath = dumpPath;
        Meta = meta;
    }

    public string Folder { get; }

    public string DumpPath { get; }

    public string FileName => Path.GetFileName(DumpPath);

    public JsonElement Meta { get; }

    public long Size => Meta.GetProperty("size").GetInt64();

    public string Sha256 => Meta.GetProperty("sha256").GetString()!;

    /// <summary>The panic line crash printed (`sys`'s PANIC).</summary>
    public string PanicLine => Meta.GetProperty("crash_panic").GetString()!;

    /// <summary>crash's `log` output, lines joined by '\n', without a trailing newline.</summary>
    public string KernelLog => File.ReadAllText(Path.Combine(Folder, "crash", "log.txt")).TrimEnd('\n');

    /// <summary>A field of crash's `sys` output, e.g. Sys("RELEASE").</summary>
    public string Sys(string field)
    {
        foreach (string line in File.ReadLines(Path.Combine(Folder, "crash", "sys.txt")))
        {
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith(field + ":", StringComparison.Ordinal))
                return trimmed[(field.Length + 1)..].Trim();
        }
        throw new KeyNotFoundException($"{field} not in {Folder}/crash/sys.txt");
    }

    /// <summary>How many tasks drgn read (drgn.json; it lists no idle tasks, as crash's foreach leaves them out).</summary>
    public int DrgnTaskCount
    {
        get
        {
            using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "drgn.json")));
            return drgn.RootElement.GetProperty("tasks").GetArrayLength();
        }
    }

    /// <summary>e.g. Load("mini-6.1-lockdep/sysrq-c/kdump-zstd").</summary>
    public static DumpFixture Load(string relativeFolder)
    {
        string folder = Path.Combine(FixtureFiles.Root, "dumps", relativeFolder);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        string dump = FixtureFiles.Dump(relativeFolder, meta.RootElement.GetProperty("dump").GetString()!);
        return new DumpFixture(folder, dump, meta.RootElement.Clone());
    }
}
