using System.Text.Json;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>`crashdesk log` / `info` through the command objects (same code path as the executable).</summary>
public class CliCommandTests
{
    private static (int Code, string Out, string Err) Run(ICliCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = command.Run(new CliArguments(args, OptionNames.WithValue), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Log_prints_crash_text()
    {
        const string id = "mini-6.1-lockdep/sysrq-c/kdump-zstd";
        var (code, output, error) = Run(new LogCommand(), FixtureDumps.DumpPath(id));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "log.txt")), output);
    }

    [Fact]
    public void Log_json_has_records_and_panic_line()
    {
        const string id = "debian-6.1-cloud/oops-null/kdump-lzo";
        var (code, output, _) = Run(new LogCommand(), FixtureDumps.DumpPath(id), "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal(FixtureDumps.Meta(id).GetProperty("crash_panic").GetString(), doc.GetProperty("panicLine").GetString());
        Assert.Equal(FixtureDumps.CrashLogLines(id)[0], "[    0.000000] " + doc.GetProperty("records")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Info_json_agrees_with_crash_sys()
    {
        const string id = "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib";
        var (code, output, _) = Run(new InfoCommand(), FixtureDumps.DumpPath(id), "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal(FixtureDumps.Sys(id, "RELEASE"), doc.GetProperty("kernelRelease").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("crashTime").ValueKind);
        var (_, text, _) = Run(new InfoCommand(), FixtureDumps.DumpPath(id));
        Assert.Contains("CRASH TIME: unknown", text);
    }

    [Fact]
    public void Errors_are_one_line_with_a_nonzero_exit()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, .. new byte[100]]);
            var (code, output, error) = Run(new LogCommand(), path);
            Assert.Equal(1, code);
            Assert.Equal("", output);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains("gzip", error);
            Assert.Equal(1, Run(new InfoCommand(), path + ".missing").Code);
            Assert.Equal(2, Run(new InfoCommand()).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Analyze_text_has_the_locks_and_mod_sections_of_a_crash_session()
    {
        // Debian hung-mutex without a vmlinux: symbols from kallsyms, types from BTF.
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        var (code, output, _) = Run(new AnalyzeCommand(), FixtureDumps.DumpPath(id));
        Assert.Equal(0, code);
        string mod = Section(output, "mod");
        Assert.Equal(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "mod.txt")), mod);

        // The owner and waiters of each lock drgn found (drgn.json "locks") appear on its line.
        string locks = Section(output, "locks");
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "drgn.json")));
        foreach (var l in drgn.RootElement.GetProperty("locks").EnumerateObject())
        {
            string address = l.Value.GetProperty("address").GetString()!.Replace("0x", "", StringComparison.Ordinal);
            string line = Assert.Single(locks.Split('\n'), x => x.Contains(address, StringComparison.Ordinal));
            Assert.Contains(l.Name, line);
            Assert.Contains($"owner PID {l.Value.GetProperty("owner_pid").GetInt32()}", line);
            foreach (var w in l.Value.GetProperty("waiter_pids").EnumerateArray())
                Assert.Contains(w.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), line[line.IndexOf("waiters:", StringComparison.Ordinal)..]);
        }
    }

    /// <summary>The text between `==== name ====` and the next section (or the trailing note).</summary>
    private static string Section(string output, string name)
    {
        string header = $"\n==== {name} ====\n";
        int start = output.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {name} section");
        start += header.Length;
        int end = output.IndexOf("\n====", start, StringComparison.Ordinal);
        if (end < 0)
            end = output.IndexOf("\n# ", start, StringComparison.Ordinal);
        return output[start..end];
    }
}
