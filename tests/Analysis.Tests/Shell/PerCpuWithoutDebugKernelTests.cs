using System.Text.RegularExpressions;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// `p` without a debug kernel (kallsyms and BTF from the dump) against Debian's crash 8.0.2 run with
/// the debug kernel (<see cref="CrashReference"/>): a per-CPU variable, typed from BTF's VAR records,
/// prints what crash prints from DWARF; any other variable prints its address and first word, which
/// crash's `rd` of the same symbol shows, and says its type is unknown.
/// </summary>
public sealed partial class PerCpuWithoutDebugKernelTests
{
    private const string Dump = "debian-6.1-cloud/hung-mutex/kdump-zstd";

    private static readonly string[] _reads = ["rd jiffies", "rd linux_banner", "p entry_SYSCALL_64", "p &entry_SYSCALL_64", "sym schedule", "sym _printk"];

    // gdb's value history numbers differ: crash ran the per-CPU prints after others.
    [GeneratedRegex(@"\$\d+ = ")]
    private static partial Regex HistoryNumber();

    [Fact]
    public void Per_cpu_variables_typed_from_btf_print_as_crash_prints_them_from_dwarf()
    {
        var crash = CrashReference.Outputs(Dump, [.. ShellAgainstCrashTests.PerCpuPrints, .. _reads]);
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        foreach (string command in ShellAgainstCrashTests.PerCpuPrints)
        {
            string expected = HistoryNumber().Replace(crash[command], "$N = "), ours = HistoryNumber().Replace(shell.Execute(command).Text, "$N = ");
            Assert.True(expected == ours, $"{command}\ncrash:\n{expected}\nours:\n{ours}");
        }
        Assert.Contains("PER-CPU DATA TYPE:\n  struct rq runqueues;\n", crash["p runqueues"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jiffies")]
    [InlineData("linux_banner")]
    public void Another_variable_prints_its_address_and_first_word_and_says_its_type_is_unknown(string variable)
    {
        var crash = CrashReference.Outputs(Dump, [.. ShellAgainstCrashTests.PerCpuPrints, .. _reads]);
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var reply = ShellFixtures.OpenWithoutDebugKernel(source).Execute("p " + variable);
        Assert.Null(reply.Error);
        string[] lines = reply.Text.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal($"'{variable}' has unknown type without a debug kernel (kallsyms and BTF from the dump type no variables but per-CPU ones)", lines[0]);
        // crash's `rd SYMBOL`: "ADDRESS:  WORD" and its characters; the same address and word, no invented type.
        Assert.StartsWith(lines[1] + " ", crash["rd " + variable], StringComparison.Ordinal);
        Assert.Equal("rd " + lines[1][..16], reply.Links.Single().Command);
    }

    /// <summary>
    /// A function without a debug kernel: crash's gdb prints a function that DWARF does not describe (entry_SYSCALL_64)
    /// with gdb's type of a text symbol without debug info; without a debug kernel every function is one, at the
    /// address crash's `sym` gives it. No signature is invented.
    /// </summary>
    [Theory]
    [InlineData("schedule")]
    [InlineData("_printk")]
    public void A_function_prints_as_gdb_prints_a_text_symbol_without_debug_info(string function)
    {
        var crash = CrashReference.Outputs(Dump, [.. ShellAgainstCrashTests.PerCpuPrints, .. _reads]);
        string address = crash["sym " + function].Split(' ')[0];
        Assert.Matches(@"^[0-9a-f]{16}$", address);
        string Named(string text) => HistoryNumber().Replace(text, "$N = ").Replace("entry_SYSCALL_64", function, StringComparison.Ordinal);
        string value = Named(crash["p entry_SYSCALL_64"]), pointer = Named(crash["p &entry_SYSCALL_64"]);
        Assert.Equal($"{function} = $N = \n {{<text variable, no debug info>}} 0x{address} <{function}>\n",
            Regex.Replace(value, "0x[0-9a-f]{16}", "0x" + address));
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        Assert.Equal(Regex.Replace(value, "0x[0-9a-f]{16}", "0x" + address), HistoryNumber().Replace(shell.Execute("p " + function).Text, "$N = "));
        Assert.Equal(Regex.Replace(pointer, "0x[0-9a-f]{16}", "0x" + address), HistoryNumber().Replace(shell.Execute("p &" + function).Text, "$N = "));
        Assert.Equal(Regex.Replace(value, "0x[0-9a-f]{16}", "0x" + address), HistoryNumber().Replace(shell.Execute("px " + function).Text, "$N = "));
    }

    [Fact]
    public void A_member_of_an_untyped_variable_is_refused_with_gdbs_failure()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var reply = ShellFixtures.OpenWithoutDebugKernel(source).Execute("p init_task.pid");
        Assert.Equal("'init_task' has unknown type without a debug kernel (kallsyms and BTF from the dump type no variables but per-CPU ones)\np: gdb request failed: p init_task.pid", reply.Error);
    }
}
