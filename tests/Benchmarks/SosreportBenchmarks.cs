using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Benchmarks;

/// <summary>
/// SosreportReader.ReadAsync on a sosreport-shaped tar.xz of this machine with 5 000 packages: a real
/// `sos report` (the plugins the reader parses; needs root, sosreport installed), its dpkg -l replaced
/// by 5 000 generated rows, packed again as sos packs it (tar, then `xz -2`). Built once per benchmark
/// process in the setup; the read is from memory. Goal: well under 2 s.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*Sosreport*' [--job short]
/// </summary>
[MemoryDiagnoser]
public class SosreportBenchmarks
{
    public const int Packages = 5000;

    private byte[] _archive = [];

    [GlobalSetup]
    public void Setup()
    {
        string work = Path.Combine(Path.GetTempPath(), "crashdesk-bench-sosreport-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Run("sos", "report", "--batch", "--tmp-dir", work, "-o", "kernel,dpkg,processor,hardware,host,system,release,memory,date");
            string real = Directory.GetFiles(work, "sosreport-*.tar.xz").Single();
            string tree = Path.Combine(work, "tree");
            Directory.CreateDirectory(tree);
            Run("tar", "-xJf", real, "-C", tree);
            string report = Path.GetFileName(Directory.GetDirectories(tree).Single());
            File.WriteAllText(Path.Combine(tree, report, "sos_commands", "dpkg", "dpkg_-l"), DpkgList(Packages));
            string tar = Path.Combine(work, "bench.tar");
            Run("tar", "-cf", tar, "-C", tree, report);
            Run("xz", "-2", "-T1", tar);
            _archive = File.ReadAllBytes(tar + ".xz");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        int read = ReadSosreport().GetAwaiter().GetResult();
        if (read != Packages)
            throw new InvalidOperationException($"the benchmark's sosreport reads as {read} packages, not {Packages}");
        Console.WriteLine($"// sosreport: {_archive.Length:N0} bytes of tar.xz, {Packages} packages");
    }

    [Benchmark]
    public async Task<int> ReadSosreport()
    {
        var document = await SosreportReader.ReadAsync(new MemoryStream(_archive, writable: false), "sosreport-bench.tar.xz",
            DateTimeOffset.UnixEpoch, SosreportLimits.Default, CancellationToken.None);
        return document.Packages!.Items.Count;
    }

    /// <summary>dpkg -l as dpkg 1.21 prints it when not on a terminal, with <paramref name="count"/> made-up rows of real shapes (multi-arch names, epochs, Debian revisions).</summary>
    private static string DpkgList(int count)
    {
        var text = new StringBuilder();
        text.Append("Desired=Unknown/Install/Remove/Purge/Hold\n")
            .Append("| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n")
            .Append("|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n")
            .Append("||/ Name                                      Version                             Architecture Description\n")
            .Append("+++-=========================================-===================================-============-================================================================================\n");
        string[] stems = ["lib", "python3-", "golang-", "node-", "r-cran-", "fonts-", "linux-headers-", "texlive-"];
        for (int i = 0; i < count; i++)
        {
            bool multiArch = i % 3 == 0;
            string name = $"{stems[i % stems.Length]}bench{i}{(multiArch ? ":amd64" : "")}";
            string version = $"{(i % 11 == 0 ? "1:" : "")}{i % 17}.{i % 100}.{i}-{i % 5 + 1}+deb12u{i % 4}";
            string arch = multiArch || i % 2 == 0 ? "amd64" : "all";
            text.Append($"ii  {name,-41} {version,-35} {arch,-12} generated package {i} for the sosreport benchmark\n");
        }
        return text.ToString();
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
    }
}
