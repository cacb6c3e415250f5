using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>`crashdesk shell`: the console's commands on a local dump, lines from -c or standard input.</summary>
public class ShellCommandTests
{
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    private static (int Code, string Out, string Err) Run(ICliCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = command.Run(new CliArguments(args, OptionNames.WithValue), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Lines_from_standard_input_print_what_the_one_shot_commands_print_until_quit()
    {
        var (_, sys, _) = Run(new SysCommand(), FixtureDumps.DumpPath(Dump));
        var (code, output, error) = Run(new ShellCommand(new StringReader("sys\n\nq\nsys\n")), FixtureDumps.DumpPath(Dump));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        // `sys` once: the shell stopped at q. sys's text is checked against crash's sys.txt by the sys tests.
        Assert.Equal(sys, output);
        Assert.Contains(FixtureDumps.Sys(Dump, "PANIC"), output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dash_c_runs_each_line_and_a_failed_command_fails_the_run()
    {
        var (code, output, _) = Run(new ShellCommand(new StringReader("")), FixtureDumps.DumpPath(Dump), "-c", "help sys", "-c", "frobnicate");
        Assert.Equal(1, code);
        Assert.StartsWith("NAME\n  sys - ", output, StringComparison.Ordinal);
        Assert.EndsWith("crash: command not found: frobnicate\n", output, StringComparison.Ordinal);
    }
}
