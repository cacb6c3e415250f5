using System.Text.RegularExpressions;
using Crashdesk.TestSupport;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>
/// Every program a test starts must be installed by `./test.sh` (its `ensure_packages` line) or be
/// one of the tools the supported machines come with: a test that starts a program the script does
/// not install passes on the machine where someone installed it by hand and fails on a fresh one.
/// The scan reads the C# sources of every test project for the ways they start programs:
/// `new ProcessStartInfo("x", …)`, `Process.Start("x", …)`, `sh -c "x …"`, a helper whose file-name
/// parameter is passed on to `ProcessStartInfo` (its callers' literal first arguments count), and a
/// browser's `ExecutablePath`.
/// </summary>
public sealed partial class TestProgramsTests
{
    /// <summary>
    /// What the supported machines have without test.sh: the .NET SDK and Node.js (README "Set-up"),
    /// and Debian's essential packages (bash, dash's sh, coreutils' ln, gzip, tar), which every installation has.
    /// </summary>
    private static readonly HashSet<string> _preinstalled = new(StringComparer.Ordinal) { "dotnet", "node", "npx", "npm", "bash", "sh", "ln", "gzip", "tar" };

    /// <summary>The Debian package that installs each program the tests start.</summary>
    private static readonly Dictionary<string, string> _packageOf = new(StringComparer.Ordinal)
    {
        ["debuginfod"] = "debuginfod",
        ["readelf"] = "binutils",
        ["objcopy"] = "binutils",
        // The shell's `bt -l` (Analysis.Tests/Shell/BtLineNumbersTests): binutils' own line-table lookup as the reference.
        ["addr2line"] = "binutils",
        ["xz"] = "xz-utils",
        ["bzip2"] = "bzip2",
        ["zstd"] = "zstd",
        ["docker-compose"] = "docker-compose",
        ["chromium"] = "chromium",
        ["gcc"] = "gcc",
        // The sosreport tests (Core.Tests/Environments/Sosreport): a real report, and this machine's tools as the reference.
        ["sos"] = "sosreport",
        ["dmidecode"] = "dmidecode",
        ["lsmod"] = "kmod",
        ["dpkg"] = "dpkg",
        ["dpkg-query"] = "dpkg",
        ["uname"] = "coreutils",
        ["truncate"] = "coreutils",
        // Api.Tests/Ticketing: the download's SHA-256 header against the tool people check it with.
        ["sha256sum"] = "coreutils",
        // The local store's file modes (Core.Tests/Storage/LocalBlobStoreTests): what stat(1) reads from the inode.
        ["stat"] = "coreutils",
        ["lscpu"] = "util-linux",
        // The fault tests (Api.Tests/Faults): a private PostgreSQL run as postgres, and a small tmpfs as a full disk.
        ["runuser"] = "util-linux",
        ["chown"] = "coreutils",
        ["mount"] = "mount",
        ["umount"] = "mount",
        ["free"] = "procps",
        ["sysctl"] = "procps",
        ["python3"] = "python3",
        // The known-issue version-order tests (Core.Tests/KnownIssues): dpkg's and rpm's own orders as the reference.
        ["rpm"] = "rpm",
        // The shell's tests (Analysis.Tests/Shell): Debian's crash on the fixture dumps is the reference.
        ["crash"] = "crash",
    };

    [GeneratedRegex(@"new\s+(?:System\.Diagnostics\.)?ProcessStartInfo\s*\(\s*(?<arg>[^,)\s]+)")]
    private static partial Regex StartInfo();

    [GeneratedRegex(@"(?<![\w.])(?:System\.Diagnostics\.)?Process\.Start\s*\(\s*""(?<name>[^""]+)""")]
    private static partial Regex StartLiteral();

    [GeneratedRegex(@"""(?:sh|bash)""\s*,\s*\[?\s*""-c""\s*,\s*\$?@?""\s*(?<name>[A-Za-z0-9_.\-/]+)")]
    private static partial Regex ShellCommand();

    [GeneratedRegex(@"""(?:sh|bash)""\s*,\s*\[?\s*""-c""\s*,\s*(?<var>[A-Za-z_]\w*)\s*[\],)]")]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"\[InlineData\(\s*@?""\s*(?<name>[A-Za-z0-9_.\-/]+)")]
    private static partial Regex InlineDataFirstWord();

    [GeneratedRegex(@"ExecutablePath\s*=>[^;]*?""(?<path>/[^""]+)""")]
    private static partial Regex BrowserPath();

    [GeneratedRegex(@"^\s*ensure_packages\s+(?<list>.+)$", RegexOptions.Multiline)]
    private static partial Regex EnsurePackages();

    [Fact]
    public void Every_program_a_test_starts_is_installed_by_test_sh()
    {
        var programs = ProgramsStartedByTests();
        // The scan must find the programs we know of, or it reads nothing and proves nothing.
        Assert.Contains("debuginfod", programs.Keys);
        Assert.Contains("readelf", programs.Keys);

        var installed = PackagesInstalledByTestScript();
        var missing = new List<string>();
        foreach (var (program, where) in programs)
        {
            if (_preinstalled.Contains(program))
                continue;
            if (!_packageOf.TryGetValue(program, out string? package))
                missing.Add($"{program} (started in {where}): no Debian package known for it; add it to test.sh's ensure_packages and to {nameof(TestProgramsTests)}");
            else if (!installed.Contains(package))
                missing.Add($"{program} (started in {where}): its package {package} is not in test.sh's ensure_packages");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void The_scan_sees_a_new_program_started_by_a_test()
    {
        // The scanner itself on a made-up source: a test that starts `strace` is found, so the
        // check above would fail for it (strace is neither preinstalled nor in test.sh).
        const string source = """
            static string Run(string file, params string[] arguments)
            {
                var psi = new ProcessStartInfo(file, arguments);
            }
            void A() => Run("strace", "-f");
            void B() => Process.Start("gdb", "-batch");
            void C() => new ProcessStartInfo("sh", ["-c", $"objdump -d x"]);
            void D() => WorkerProcess.Start("worker-name", "-c", "1");
            static void Shell(string command) => new ProcessStartInfo("sh", ["-c", command]);
            [InlineData("lz4 -c vmcore", "lz4")]
            """;
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        Scan(source, "Made.cs", [source], found);
        Assert.Contains("strace", found.Keys);
        Assert.Contains("gdb", found.Keys);
        Assert.Contains("objdump", found.Keys);
        Assert.Contains("sh", found.Keys);
        Assert.Contains("lz4", found.Keys);
        Assert.DoesNotContain("worker-name", found.Keys);
        Assert.DoesNotContain("1", found.Keys);
    }

    private static Dictionary<string, string> ProgramsStartedByTests()
    {
        string tests = Path.Combine(RepositoryRoot.Path, "tests");
        var files = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith(nameof(TestProgramsTests) + ".cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var sources = files.Select(File.ReadAllText).ToList();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
            Scan(sources[i], Path.GetRelativePath(tests, files[i]), sources, found);
        return found;
    }

    /// <summary>Adds the programs <paramref name="source"/> starts to <paramref name="found"/> (program → file).</summary>
    private static void Scan(string source, string file, IReadOnlyList<string> allSources, Dictionary<string, string> found)
    {
        foreach (Match m in StartInfo().Matches(source))
        {
            string arg = m.Groups["arg"].Value;
            if (arg.StartsWith('"'))
            {
                found.TryAdd(arg.Trim('"'), file);
                continue;
            }
            // A variable: the file-name parameter of a helper; its callers name the programs.
            var helper = Regex.Match(source[..m.Index], @"\s(?<name>\w+)\s*\(\s*string\s+" + Regex.Escape(arg) + @"\b", RegexOptions.RightToLeft);
            Assert.True(helper.Success, $"{file}: starts a program named by '{arg}', which is no helper's parameter: the scan cannot tell which program; pass a literal");
            // Callers: in the helper's file by its bare name, elsewhere qualified by its class (`ReferenceTools.Run("readelf", …)`).
            string name = Regex.Escape(helper.Groups["name"].Value);
            string type = Regex.Escape(Regex.Match(source, @"\bclass\s+(?<type>\w+)").Groups["type"].Value);
            var local = new Regex(@"(?<![\w.])" + name + @"\s*\(\s*""(?<name>[^""]+)""");
            var qualified = new Regex(@"\b" + type + @"\." + name + @"\s*\(\s*""(?<name>[^""]+)""");
            foreach (Match c in local.Matches(source))
                found.TryAdd(c.Groups["name"].Value, file);
            foreach (string other in allSources)
                foreach (Match c in qualified.Matches(other))
                    found.TryAdd(c.Groups["name"].Value, file);
        }
        foreach (Match m in StartLiteral().Matches(source))
            found.TryAdd(m.Groups["name"].Value, file);
        foreach (Match m in ShellCommand().Matches(source))
            found.TryAdd(m.Groups["name"].Value, file);
        // A shell command in a variable comes from the file's theory data (`[InlineData("gzip -c vmcore", …)]`):
        // the first word of each row's first string is a program the test runs.
        if (ShellVariable().IsMatch(source))
        {
            foreach (Match m in InlineDataFirstWord().Matches(source))
                found.TryAdd(m.Groups["name"].Value, file);
        }
        foreach (Match m in BrowserPath().Matches(source))
            found.TryAdd(Path.GetFileName(m.Groups["path"].Value), file);
    }

    private static HashSet<string> PackagesInstalledByTestScript()
    {
        string script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "test.sh"));
        var packages = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in EnsurePackages().Matches(script))
            packages.UnionWith(m.Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEmpty(packages);
        return packages;
    }
}
