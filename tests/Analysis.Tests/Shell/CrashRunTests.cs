using System.Collections.Concurrent;
using System.Diagnostics;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// The shell against a real run of Debian's crash 8.0.2 on the same dump and vmlinux, for the
/// options the stored references do not cover: `log -m`, `log -T` (crash in TZ=UTC) and `bt -f`, `bt -l`
/// of the panic task (the hung-task panic: khungtaskd's frames are the same in crash and drgn, no stale ones).
/// </summary>
public sealed class CrashRunTests
{
    private const string Separator = "==== crashdesk test separator ====";
    private static readonly ConcurrentDictionary<string, Lazy<string[]>> _runs = new();

    public static TheoryData<string> Dumps() => new() { "debian-6.1-cloud/hung-mutex/kdump-zstd", "debian-6.1-cloud/sysrq-c/kdump-zlib", "mini-6.1-lockdep/hung-mutex/kdump-zstd" };

    public static TheoryData<string> HungTask() => new() { "debian-6.1-cloud/hung-mutex/kdump-zstd", "mini-6.1-lockdep/hung-mutex/kdump-zstd" };

    private static readonly string[] Commands = ["log -m", "log -T", "bt -f", "bt -l"];

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Log_m_is_crashs(string id) => Assert.Equal(Crash(id, "log -m"), ShellFixtures.Run(id, "log -m").Text);

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Log_T_is_crashs(string id) => Assert.Equal(Crash(id, "log -T"), ShellFixtures.Run(id, "log -T").Text);

    [Theory]
    [MemberData(nameof(HungTask))]
    public void Bt_f_of_the_panic_task_is_crashs(string id) => Assert.Equal(Crash(id, "bt -f"), ShellFixtures.Run(id, "bt -f").Text);

    [Theory]
    [MemberData(nameof(HungTask))]
    public void Bt_l_of_the_panic_task_is_crashs(string id) => Assert.Equal(Crash(id, "bt -l"), ShellFixtures.Run(id, "bt -l").Text);

    // One crash session per dump runs every command, "!echo" between them (crash's shell escape).
    private static string Crash(string id, string command)
    {
        var outputs = _runs.GetOrAdd(id, k => new Lazy<string[]>(() => RunCrash(k))).Value;
        return outputs[Array.IndexOf(Commands, command)];
    }

    private static string[] RunCrash(string id)
    {
        string kernel = AnalyzedFixtures.Kernel(id);
        // crash finds the Debian kernel's KASLR offset itself; the mini kernel needs --kaslr auto (fixtures README).
        string[] kaslr = kernel == "mini-6.1-lockdep" ? ["--kaslr", "auto"] : [];
        var psi = new ProcessStartInfo("crash", ["-s", .. kaslr, Support.Fixtures.Vmlinux(kernel), FixtureDumps.DumpPath(id)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(string.Join("", Commands.Select(c => $"!echo {Separator}\n{c}\n")) + $"!echo {Separator}\nq\n");
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "crash did not finish");
        _ = stderr.Result;
        // Before the first separator: crash's start-up warnings (the PID-hash misses); after the last: nothing.
        var parts = output.Split(Separator + "\n");
        Assert.Equal(Commands.Length + 2, parts.Length);
        return parts[1..^1];
    }
}
