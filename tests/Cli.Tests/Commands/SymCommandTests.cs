using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Cli.Commands;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>`crashdesk sym` refuses a debug kernel that does not match the dump, saying why.</summary>
public class SymCommandTests
{
    [Fact]
    public void Cli_sym_with_the_wrong_vmlinux_exits_non_zero_with_the_preflight_message()
    {
        string dump = TestFixtures.DumpFile(Path.Combine(TestFixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib"));
        var output = new StringWriter();
        var error = new StringWriter();
        int rc = new SymCommand().Run(new CliArguments([dump, "sysrq_handle_crash", "--vmlinux", TestFixtures.Vmlinux("mini-6.1-lockdep")], OptionNames.WithValue), output, error);
        Assert.Equal(1, rc);
        Assert.Equal("", output.ToString());
        Assert.Contains($"debug kernel build-id {DebugKernels.Get("mini-6.1-lockdep").Identity.BuildId}, dump expects {DebugKernels.VmcoreInfoValue(dump, "BUILD-ID")}", error.ToString());
    }
}
