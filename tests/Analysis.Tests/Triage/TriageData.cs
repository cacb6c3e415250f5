using FixturePaths = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>Paths of the triage inputs: fixture consoles, dump kernel logs, seeds and the collected excerpts.</summary>
internal static class TriageData
{
    public static string Excerpt(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Triage", "Data", name));

    public static string ConsoleLog(string kernel, string scenario) =>
        File.ReadAllText(Path.Combine(FixturePaths.Root, "logs", kernel, scenario + ".console.txt"));

    public static string Seed(string prefix) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(FixturePaths.Root, "..", "seeds"), prefix + "_*.txt").Single());

    public static IEnumerable<string> ConsoleLogs() =>
        Directory.GetFiles(Path.Combine(FixturePaths.Root, "logs"), "*.console.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>Dump folders that carry both the serial console and crash's `log` output.</summary>
    public static IEnumerable<string> DumpFoldersWithLogs() =>
        FixturePaths.DumpFolders().Where(f => File.Exists(Path.Combine(f, "console.txt")) && File.Exists(Path.Combine(f, "crash", "log.txt")));
}
