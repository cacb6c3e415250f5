using System.Text.Json;
using Crashdesk.Analysis.Tests.Fixtures;
using Crashdesk.Cli;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Analysis.Tests.Cli;

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
}
