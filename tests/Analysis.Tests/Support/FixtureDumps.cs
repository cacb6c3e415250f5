using System.Text.Json;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>Theory data over every real fixture dump, and readers for its reference files.</summary>
public static class FixtureDumps
{
    /// <summary>Every dump id ("kernel/scenario/format").</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    public static string Folder(string id) => Path.Combine(Support.Fixtures.Dumps, id);

    public static string DumpPath(string id) => Support.Fixtures.DumpFile(Folder(id));

    public static JsonElement Meta(string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(id), "meta.json"))).RootElement;

    /// <summary>The value of a crash `sys` field ("RELEASE", "CPUS", ...), trimmed.</summary>
    public static string Sys(string id, string field)
    {
        foreach (var line in File.ReadLines(Path.Combine(Folder(id), "crash", "sys.txt")))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == field)
                return line[(colon + 1)..].Trim();
        }
        throw new KeyNotFoundException($"{field} not in {id}/crash/sys.txt");
    }

    public static string[] CrashLogLines(string id) => File.ReadAllLines(Path.Combine(Folder(id), "crash", "log.txt"));
}
