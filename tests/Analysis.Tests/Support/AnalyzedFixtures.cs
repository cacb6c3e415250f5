using System.Collections.Concurrent;
using System.Text.Json;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>One full analysis (with the fixture's debug kernel) per fixture dump, shared by the tests of a run.</summary>
public static class AnalyzedFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<AnalysisReport>> _reports = new();

    public static string Kernel(string id) => id[..id.IndexOf('/')];

    public static AnalysisReport Report(string id) => _reports.GetOrAdd(id, k => new Lazy<AnalysisReport>(() =>
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(k));
        return DumpAnalyzer.Analyze(source, new AnalysisOptions { DebugInfo = DebugKernels.Get(Kernel(k)) });
    })).Value;

    private static readonly ConcurrentDictionary<string, Lazy<AnalysisReport>> _dumpOnly = new();

    /// <summary>The analysis without a debug kernel: kallsyms and BTF read from the dump.</summary>
    public static AnalysisReport DumpOnlyReport(string id) => _dumpOnly.GetOrAdd(id, k => new Lazy<AnalysisReport>(() =>
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(k));
        return DumpAnalyzer.Analyze(source, new AnalysisOptions());
    })).Value;

    /// <summary>Fixture ids of the Debian kernel (built with BTF).</summary>
    public static TheoryData<string> Debian()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (Support.Fixtures.Id(folder).StartsWith("debian-6.1-cloud/", StringComparison.Ordinal))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    /// <summary>Fixture ids that have a drgn.json.</summary>
    public static TheoryData<string> WithDrgn()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "drgn.json")))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    /// <summary>drgn.json's tasks: (pid, ppid, cpu, state letter, comm, task address).</summary>
    public static IReadOnlyList<(int Pid, int Ppid, int Cpu, string State, string Comm, ulong Task)> DrgnTasks(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "drgn.json")));
        return doc.RootElement.GetProperty("tasks").EnumerateArray().Select(t => (
            t.GetProperty("pid").GetInt32(),
            t.GetProperty("ppid").GetInt32(),
            t.GetProperty("cpu").GetInt32(),
            t.GetProperty("state").GetString()!,
            t.GetProperty("comm").GetString()!,
            Convert.ToUInt64(t.GetProperty("task").GetString()!, 16))).ToList();
    }

    /// <summary>drgn's state letter as crash's code (crash task.c task_state_string()): R→RU, S→IN, D→UN, I→ID, Z→ZO, T→ST, t→TR, X→DE, P→PA.</summary>
    public static string CrashState(string drgnLetter) => drgnLetter switch
    {
        "R" => "RU", "S" => "IN", "D" => "UN", "I" => "ID", "Z" => "ZO", "T" => "ST", "t" => "TR", "X" => "DE", "P" => "PA",
        _ => throw new ArgumentException($"unknown drgn state letter {drgnLetter}"),
    };
}
