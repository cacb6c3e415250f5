using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>
/// The console's shell prints what the CLI prints for the same dump: `sys`, `log`, `bt -a`, `ps`,
/// `mod` and `kmem -i` against `crashdesk sys|log|bt -a|ps|mod|kmem-i` run through their command
/// objects. The Debian dumps are read alone (kallsyms, BTF); the mini kernel has no BTF, so its dumps
/// are read with the fixture vmlinux by both.
/// </summary>
public sealed class ShellMatchesCliTests
{
    public static TheoryData<string> All() => FixtureDumps.All();

    [Theory]
    [MemberData(nameof(All))]
    public void Shell_commands_print_the_cli_commands_text(string id)
    {
        string dump = FixtureDumps.DumpPath(id);
        string kernel = id[..id.IndexOf('/', StringComparison.Ordinal)];
        bool dumpOnly = kernel == "debian-6.1-cloud";
        string vmlinux = Crashdesk.Analysis.Tests.Support.Fixtures.Vmlinux(kernel);
        string[] debug = dumpOnly ? [] : ["--vmlinux", vmlinux, "--no-cache"];
        string kernelName = dumpOnly ? "(none: kallsyms and BTF in the dump)" : Path.GetFileName(vmlinux);
        using var source = new FileByteSource(dump);
        var shell = new CrashShell(KernelTarget.Open(source), dumpOnly ? null : DebugKernels.Get(kernel), new CrashShellNames(kernelName, Path.GetFileName(dump)), CrashCommands.Default);

        foreach (var (line, command, args) in new (string, ICliCommand, string[])[]
        {
            ("sys", new SysCommand(), [dump, .. debug]),
            ("log", new LogCommand(), [dump]),
            ("bt -a", new BtCommand(), ["-a", dump, .. debug]),
            ("ps", new PsCommand(), [dump, .. debug]),
            ("mod", new ModCommand(), [dump, .. debug]),
            ("kmem -i", new KmemICommand(), [dump, .. debug]),
        })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = command.Run(new CliArguments(args, OptionNames.WithValue), output, error);
            Assert.True(code == 0, $"crashdesk {command.Name} {id}: exit {code}: {error}");
            var reply = shell.Execute(line);
            Assert.Null(reply.Error);
            Assert.True(output.ToString() == reply.Text, $"{id}: the shell's `{line}` differs from `crashdesk {command.Name}`");
        }
    }
}
