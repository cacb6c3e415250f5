namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// The shared fixtures (../shared/fixtures beside the clone, or $CRASHDESK_FIXTURES), found the
/// way tests/Analysis.Tests/Support/Fixtures.cs finds them: walk up to Crashdesk.slnx.
/// </summary>
public static class FixtureFiles
{
    private static readonly Lock _xzLock = new();

    public static string Root { get; } = FindRoot();

    /// <summary>A dump file, e.g. Dump("mini-6.1-lockdep/sysrq-c/kdump-zstd", "dump.zstd").</summary>
    public static string Dump(string folder, string fileName)
    {
        string path = Path.Combine(Root, "dumps", folder, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture dump missing: {path}", path);
        return path;
    }

    /// <summary>
    /// A fixture debug kernel, decompressed once from kernels/NAME/vmlinux.xz into
    /// $CRASHDESK_KERNEL_CACHE or /var/tmp/crashdesk-kernels (where the other test projects put it).
    /// </summary>
    public static string Vmlinux(string kernelId)
    {
        string cacheRoot = Environment.GetEnvironmentVariable("CRASHDESK_KERNEL_CACHE") ?? "/var/tmp/crashdesk-kernels";
        string target = Path.Combine(cacheRoot, kernelId, "vmlinux");
        string source = Path.Combine(Root, "kernels", kernelId, "vmlinux.xz");
        lock (_xzLock)
        {
            if (File.Exists(target) && File.GetLastWriteTimeUtc(target) >= File.GetLastWriteTimeUtc(source))
                return target;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            string partial = target + "." + Environment.ProcessId + ".partial";
            Run("sh", "-c", $"xz -dc '{source}' > '{partial}'");
            File.Move(partial, target, overwrite: true);
            return target;
        }
    }

    /// <summary>The GNU build-id as binutils' `readelf -n` prints it (the reference, not our reader).</summary>
    public static string ReadelfBuildId(string path)
    {
        string notes = Run("readelf", "-n", path);
        const string label = "Build ID: ";
        int at = notes.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidOperationException($"readelf -n {path} printed no '{label}'");
        return notes[(at + label.Length)..].Split('\n', 2)[0].Trim();
    }

    private static string Run(string file, params string[] arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        return output;
    }

    /// <summary>The repository root (the folder holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Crashdesk.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        string candidate = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "fixtures"));
        if (!System.IO.Directory.Exists(candidate))
            throw new DirectoryNotFoundException($"fixtures not found at {candidate} (set CRASHDESK_FIXTURES)");
        return candidate;
    }
}
