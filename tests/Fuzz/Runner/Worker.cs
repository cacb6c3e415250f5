using System.Diagnostics;
using Crashdesk.Analysis;
using Crashdesk.Fuzz.Targets;

namespace Crashdesk.Fuzz.Runner;

/// <summary>
/// The child process of a run: loads one target, then makes and runs inputs [from, to) one by one,
/// telling the supervisor on standard output ("B i" before, "F i kind what" per finding, "E i ms peakKiB"
/// after), so a hang or a process death is pinned on the input in progress. Exceptions of the
/// documented types are checked for their message; anything else is a crash.
/// </summary>
public static class Worker
{
    public static int Run(FuzzTarget target, int runSeed, long from, long to, string findings, long memoryCapBytes)
    {
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        for (long i = from; i < to; i++)
        {
            var input = target.Next(new Random(InputSeed.Of(runSeed, target.Name, i)));
            Console.Out.WriteLine($"B {i}");
            Console.Out.Flush();
            var sw = Stopwatch.StartNew();
            var problems = Execute(target, input);
            sw.Stop();
            long peak = PeakResidentBytes();
            if (peak > memoryCapBytes)
                problems.Add(("memory", $"peak resident memory {peak >> 20} MiB passed the cap of {memoryCapBytes >> 20} MiB"));
            foreach (var (kind, what) in problems)
            {
                Findings.Save(findings, target.Name, runSeed, i, kind, what, input);
                Console.Out.WriteLine($"F {i} {kind} {OneLine(what)}");
            }
            Console.Out.WriteLine($"E {i} {sw.ElapsedMilliseconds} {peak >> 10}");
            Console.Out.Flush();
            if (problems.Any(p => p.Kind == "memory"))
                return 3; // a fresh process for the next input: this one's peak stays high
        }
        return 0;
    }

    /// <summary>Runs one input; returns what is wrong (kind, what), empty when the engine behaved.</summary>
    public static List<(string Kind, string What)> Execute(FuzzTarget target, FuzzInput input) => Classify(() => target.Run(input));

    /// <summary>Runs raw bytes (a saved .bin) through the target's AFL/libFuzzer path, classified the same way.</summary>
    public static List<(string Kind, string What)> ExecuteBytes(FuzzTarget target, byte[] data) => Classify(() => target.RunBytes(data));

    /// <summary>What the last input ended in ("a result (n messages)" or the documented error), for replay.</summary>
    public static string LastOutcome { get; private set; } = "";

    private static List<(string Kind, string What)> Classify(Func<IEnumerable<string>> run)
    {
        var problems = new List<(string, string)>();
        try
        {
            var messages = run().ToList();
            foreach (string m in messages)
                Check(m, mustSayWhere: false, "report message", problems);
            LastOutcome = $"a result ({messages.Count} messages{(messages.Count > 0 ? ", first: " + Escape(messages[0]) : "")})";
        }
        catch (Exception e) when (ErrorMessages.IsDocumented(e))
        {
            LastOutcome = $"{e.GetType().Name}: {Escape(e.Message)}";
            Check(e.Message, e is DumpFormatException, e.GetType().Name, problems);
        }
        catch (Exception e)
        {
            problems.Add(("crash", $"{e.GetType().FullName}: {e.Message} {StackTop(e)}"));
        }
        return problems;
    }

    private static void Check(string message, bool mustSayWhere, string from, List<(string, string)> problems)
    {
        // An unexpected exception an extractor boundary caught is still a crash (DumpAnalyzer.Run names its type).
        if (ErrorMessages.Problem(message, mustSayWhere) is { } p)
            problems.Add((p.StartsWith(".NET type", StringComparison.Ordinal) && message.Contains("Exception:", StringComparison.Ordinal) ? "crash" : "message",
                $"{from}: {p}: \"{Escape(message)}\""));
    }

    private static string StackTop(Exception e) =>
        string.Join(" <- ", (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).Take(4));

    /// <summary>The message with control characters as \uXXXX and at most 400 characters.</summary>
    public static string Escape(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in s.Length > 400 ? s[..400] + "…" : s)
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        return sb.ToString();
    }

    private static string OneLine(string s) => Escape(s).Replace('\n', ' ');

    /// <summary>VmHWM of /proc/self/status: the peak resident set, in bytes (Linux).</summary>
    public static long PeakResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        return Environment.WorkingSet;
    }
}
