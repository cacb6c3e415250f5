using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Tests.Extractors.Backtrace;

/// <summary>
/// Reads the backtrace references: drgn.json tasks (non-inline frames) and crash's bt-a.txt
/// blocks, and compares function names as the two tools spell them differently: modulo compiler clone
/// suffixes (.cold, .isra.N, .constprop.N, .part.N) and entry labels (entry_SYSCALL_64 =
/// entry_SYSCALL_64_after_hwframe).
/// </summary>
public static partial class ReferenceFrames
{
    public sealed record DrgnTask(int Pid, string Comm, int Cpu, char State, ulong Task, IReadOnlyList<string> Functions, string? TrailingNullPc);

    public sealed record CrashBlock(int Pid, int Cpu, IReadOnlyList<string> Functions);

    [GeneratedRegex(@"(\.(cold|isra|constprop|part|lto_priv|llvm)(\.\d+)?)+$")]
    private static partial Regex CloneSuffix();

    [GeneratedRegex(@"^PID: (\d+)\s+TASK: ([0-9a-f]+)\s+CPU: (\d+)")]
    private static partial Regex CrashHeader();

    [GeneratedRegex(@"^\s*#\d+ \[[0-9a-f]+\] (\S+) at [0-9a-f]+")]
    private static partial Regex CrashFrame();

    public static string Normalize(string name)
    {
        string n = CloneSuffix().Replace(name, "");
        return n == "entry_SYSCALL_64_after_hwframe" ? "entry_SYSCALL_64" : n;
    }

    public static IReadOnlyList<DrgnTask> Drgn(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "drgn.json")));
        var list = new List<DrgnTask>();
        foreach (var t in doc.RootElement.GetProperty("tasks").EnumerateArray())
        {
            var names = new List<string>();
            string? trailing = null;
            var frames = t.GetProperty("frames").EnumerateArray().Where(f => !f.GetProperty("inline").GetBoolean()).ToList();
            for (int i = 0; i < frames.Count; i++)
            {
                var fn = frames[i].GetProperty("function");
                if (fn.ValueKind == JsonValueKind.Null)
                {
                    Assert.True(i == frames.Count - 1, $"null function before the last frame of pid {t.GetProperty("pid")}");
                    trailing = frames[i].GetProperty("pc").GetString();
                    continue;
                }
                names.Add(Normalize(fn.GetString()!));
            }
            list.Add(new DrgnTask(
                t.GetProperty("pid").GetInt32(), t.GetProperty("comm").GetString()!, t.GetProperty("cpu").GetInt32(),
                t.GetProperty("state").GetString()![0], ParseHex(t.GetProperty("task").GetString()!), names, trailing));
        }
        return list;
    }

    public static IReadOnlyList<CrashBlock> CrashBtA(string folder)
    {
        var blocks = new List<CrashBlock>();
        List<string>? current = null;
        foreach (string line in File.ReadLines(Path.Combine(folder, "crash", "bt-a.txt")))
        {
            var h = CrashHeader().Match(line);
            if (h.Success)
            {
                current = [];
                blocks.Add(new CrashBlock(int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(h.Groups[3].Value, CultureInfo.InvariantCulture), current));
                continue;
            }
            var f = CrashFrame().Match(line);
            if (f.Success && current is not null)
                current.Add(Normalize(f.Groups[1].Value));
        }
        return blocks;
    }

    public static ulong ParseHex(string s) => ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
