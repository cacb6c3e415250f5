using System.Text.RegularExpressions;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// The kernel build string read from a console log equals crash's <c>sys</c> VERSION (the dump's
/// utsname) for every fixture; from an oops header alone it is the part the kernel prints there.
/// </summary>
public sealed partial class KernelBuildReaderTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        string dumps = Path.Combine(TestFixtures.Root, "dumps");
        foreach (var console in Directory.GetFiles(dumps, "console.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string folder = Path.GetDirectoryName(console)!;
            if (File.Exists(Path.Combine(folder, "crash", "sys.txt")))
                data.Add(Path.GetRelativePath(dumps, folder).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_console_banner_gives_crashs_VERSION(string fixture)
    {
        string folder = TestFixtures.Folder(fixture);
        var version = Version().Match(File.ReadAllText(Path.Combine(folder, "crash", "sys.txt")));
        Assert.True(version.Success, $"{fixture}: crash's sys.txt has no VERSION");

        var lines = KernelLogLines.Split(File.ReadAllText(Path.Combine(folder, "console.txt")));

        Assert.Equal(version.Groups[1].Value.Trim(), KernelBuildReader.FromLog(lines));
    }

    [Fact]
    public void Without_a_banner_the_oops_header_gives_the_version_word_and_Debians_package_version()
    {
        var lines = KernelLogLines.Split(File.ReadAllText(Path.Combine(TestFixtures.Folder("debian-6.1-cloud/oops-null/kdump-lzo"), "console.txt")))
            .Where(l => !l.Contains("Linux version ", StringComparison.Ordinal)).ToList();

        Assert.Equal("#1 Debian 6.1.192-2", KernelBuildReader.FromLog(lines));
    }

    [Fact]
    public void A_log_without_either_has_no_build()
    {
        Assert.Null(KernelBuildReader.FromLog(["[    1.000000] random: crng init done", "Linux version"]));
    }

    [GeneratedRegex(@"^\s*VERSION: (.+)$", RegexOptions.Multiline)]
    private static partial Regex Version();
}
