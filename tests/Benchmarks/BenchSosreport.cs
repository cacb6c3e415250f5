using System.Diagnostics;
using System.Text;

namespace Crashdesk.Benchmarks;

/// <summary>
/// A sosreport-shaped tar.xz of this machine with many packages: a real `sos report` (the plugins the
/// reader parses; needs root and Debian's sosreport package), its dpkg -l replaced by generated rows of
/// real shapes, packed again as sos packs it (tar, then `xz -2`). Shared by the reader's benchmark and
/// the import benchmark (tests/Benchmarks/Desk).
/// </summary>
public static class BenchSosreport
{
    /// <summary>The archive with <paramref name="packages"/> rows; <paramref name="changed"/> of them get another version (for a compare).</summary>
    public static byte[] Build(int packages, int changed = 0)
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
            File.WriteAllText(Path.Combine(tree, report, "sos_commands", "dpkg", "dpkg_-l"), DpkgList(packages, changed));
            string tar = Path.Combine(work, "bench.tar");
            Run("tar", "-cf", tar, "-C", tree, report);
            Run("xz", "-2", "-T1", tar);
            return File.ReadAllBytes(tar + ".xz");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>dpkg -l as dpkg 1.21 prints it when not on a terminal, with <paramref name="count"/> made-up rows of real shapes (multi-arch names, epochs, Debian revisions).</summary>
    private static string DpkgList(int count, int changed)
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
            string version = $"{(i % 11 == 0 ? "1:" : "")}{i % 17}.{i % 100}.{i}-{i % 5 + 1}+deb12u{i % 4}{(i < changed ? "+hotfix" : "")}";
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
