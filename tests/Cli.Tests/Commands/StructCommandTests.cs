using Crashdesk.Cli.Commands;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Cli.Tests.Commands;

/// <summary>`crashdesk struct -o` prints crash 8.0.2's `struct -o` text, and crash's message for a type the kernel lacks.</summary>
public class StructCommandTests
{
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
