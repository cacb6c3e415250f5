namespace Crashdesk.Core.Tests.Support;

/// <summary>The shared fixtures beside the clone (../shared/fixtures), or $CRASHDESK_FIXTURES.</summary>
public static class TestFixtures
{
    private static readonly Lazy<string> _root = new(FindRoot);
    private static readonly Lock _xzLock = new();

    public static string Root => _root.Value;

    /// <summary>A fixture dump folder, e.g. "debian-6.1-cloud/sysrq-c/kdump-zlib".</summary>
    public static string Folder(string id) => Path.Combine(Root, "dumps", id);

    public static string DumpFile(string id) => Directory.GetFiles(Folder(id), "dump.*").Single();

    /// <summary>crash's `log` output for the dump: the reference kernel log (acceptance-notes.md).</summary>
    public static string CrashLog(string id) => File.ReadAllText(Path.Combine(Folder(id), "crash", "log.txt"));

    /// <summary>
    /// A fixture debug kernel ("mini-6.1-lockdep"), decompressed once from kernels/NAME/vmlinux.xz into
    /// $CRASHDESK_KERNEL_CACHE or /var/tmp/crashdesk-kernels (the same place Analysis.Tests uses).
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
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            string partial = target + "." + Environment.ProcessId + ".partial";
            Run("sh", "-c", $"xz -dc '{source}' > '{partial}'");
            File.Move(partial, target, overwrite: true);
            return target;
        }
    }

    /// <summary>The GNU build-id of an ELF file as binutils' `readelf -n` prints it (the reference, not our reader).</summary>
    public static string ReadelfBuildId(string path)
    {
        string notes = Run("readelf", "-n", path);
        const string label = "Build ID: ";
        int at = notes.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidOperationException($"readelf -n {path} printed no '{label}'");
        return notes[(at + label.Length)..].Split('\n', 2)[0].Trim();
    }

    /// <summary>Runs a tool; returns its standard output, throws on a non-zero exit.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        return output;
    }

    /// <summary>The repository root (the directory holding Crashdesk.slnx).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Crashdesk.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "fixtures"));
        return Directory.Exists(candidate)
            ? candidate
            : throw new DirectoryNotFoundException($"fixtures not found at {candidate}; set CRASHDESK_FIXTURES");
    }
}
