using System.Collections.Concurrent;
using System.Diagnostics;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// Runs Debian's real <c>crash</c> (installed by ./test.sh) on a fixture dump — <c>crash -s
/// vmlinux dump</c> with the commands on standard input, each preceded by a marker echoed through
/// crash's shell escape so the outputs can be told apart — and keeps the outputs for the test run,
/// one crash process per (dump, command sequence). Commands run in the order given, so gdb's value
/// history (<c>$1</c>, <c>$2</c>) numbers them as a shell that runs the same sequence would.
/// </summary>
public static class CrashReference
{
    private const string Marker = "===CRASHDESK-REFERENCE===";
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, string>>> _runs = new();

    /// <summary>What crash printed for each of <paramref name="commands"/> on the fixture dump <paramref name="dumpId"/> (standard output and error as a terminal shows them).</summary>
    public static IReadOnlyDictionary<string, string> Outputs(string dumpId, IReadOnlyList<string> commands)
    {
        string key = dumpId + "\n" + string.Join("\n", commands);
        return _runs.GetOrAdd(key, _ => new Lazy<IReadOnlyDictionary<string, string>>(() => Run(dumpId, commands))).Value;
    }

    private static IReadOnlyDictionary<string, string> Run(string dumpId, IReadOnlyList<string> commands)
    {
        string? crash = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "crash")).FirstOrDefault(File.Exists);
        Assert.True(crash is not null, "Debian's crash is not installed: run ./test.sh (it installs the crash package) before these tests");
        string kernel = dumpId.Split('/')[0];
        // crash finds the Debian kernel's KASLR offset itself; the mini kernel's dumps need crash's --kaslr auto
        // (it searches for the offset: crash's help, "kaslr").
        string kaslr = kernel == "mini-6.1-lockdep" ? "--kaslr auto " : "";
        string vmlinux = Fixtures.Vmlinux(kernel);
        string dump = FixtureDumps.DumpPath(dumpId);
        var psi = new ProcessStartInfo("sh", ["-c", $"crash -s {kaslr}'{vmlinux}' '{dump}' 2>&1"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        foreach (string command in commands)
        {
            process.StandardInput.WriteLine($"!echo {Marker}");
            process.StandardInput.WriteLine(command);
        }
        process.StandardInput.WriteLine($"!echo {Marker}");
        process.StandardInput.WriteLine("quit");
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"crash on {dumpId} did not finish in 5 minutes");
        string text = stdout.Result;
        // A marker may follow output that did not end its line (crash's `rd -a` stops mid-line).
        string[] parts = text.Split(Marker + "\n");
        Assert.True(parts.Length == commands.Count + 2, $"crash on {dumpId}: expected {commands.Count + 1} markers, output:\n{text}");
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < commands.Count; i++)
            outputs[commands[i]] = parts[i + 1];
        return outputs;
    }
}
