using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;
using Crashdesk.Analysis.Types;
using Crashdesk.Cli;
using Crashdesk.Cli.Commands;

namespace Crashdesk.Analysis.Tests.DebugInfo;

/// <summary>`crashdesk struct -o` against crash 8.0.2's `struct -o` output in the fixtures (issue 5, acceptance 1).</summary>
public class StructLayoutTests
{
    public static TheoryData<string, string> References()
    {
        var data = new TheoryData<string, string>();
        foreach (string kernel in DebugKernels.Ids)
            foreach (string file in Directory.GetFiles(Path.Combine(TestFixtures.Root, "kernels", kernel, "crash"), "struct-*.txt").Order(StringComparer.Ordinal))
                data.Add(kernel, Path.GetFileNameWithoutExtension(file)["struct-".Length..]);
        return data;
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Struct_offsets_equal_crash(string kernel, string type)
    {
        string expected = File.ReadAllText(Path.Combine(TestFixtures.Root, "kernels", kernel, "crash", $"struct-{type}.txt"));
        var types = DebugKernels.Get(kernel).Types;
        if (expected.StartsWith("struct: invalid data structure reference", StringComparison.Ordinal))
        {
            Assert.False(types.TryFindType("struct " + type, out _), $"crash found no {type} in {kernel}, we did");
            return;
        }
        Assert.True(types.TryFindType("struct " + type, out var t), $"struct {type} not found in {kernel}");
        Assert.Equal(expected, CrashStructFormatter.Format(t));
    }

    [Fact]
    public void Cli_struct_prints_crash_text_including_the_missing_type_message()
    {
        string vmlinux = TestFixtures.Vmlinux("mini-6.1-lockdep");
        foreach (string type in new[] { "module", "mutex" })
        {
            var output = new StringWriter();
            int rc = new StructCommand().Run(new CliArguments([type, "-o", "--vmlinux", vmlinux], OptionNames.WithValue), output, new StringWriter());
            string expected = File.ReadAllText(Path.Combine(TestFixtures.Root, "kernels", "mini-6.1-lockdep", "crash", $"struct-{type}.txt"));
            Assert.Equal(expected, output.ToString());
            Assert.Equal(type == "module" ? 1 : 0, rc);
        }
    }
}
