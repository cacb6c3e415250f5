using System.Diagnostics;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>
/// Locates the real fixture dumps (a shared folder beside the clone, also in CI) and the
/// decompressed debug kernels (cached outside the repository: `xz -dc` once).
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> _root = new(FindRoot);
    private static readonly object _xzLock = new();

    /// <summary>$CRASHDESK_FIXTURES, else the fixtures folder that stands beside the clone.</summary>
    public static string Root => _root.Value;

    public static string Dumps => Path.Combine(Root, "dumps");

    /// <summary>Every dump folder: dumps/&lt;kernel&gt;/&lt;scenario&gt;/&lt;format&gt;.</summary>
    public static IEnumerable<string> DumpFolders() =>
        Directory.GetDirectories(Dumps).SelectMany(Directory.GetDirectories).SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal);

    /// <summary>The dump file inside a dump folder (the one named dump.*).</summary>
    public static string DumpFile(string folder) => Directory.GetFiles(folder, "dump.*").Single();

    /// <summary>Relative id such as "debian-6.1-cloud/sysrq-c/kdump-zlib" for test names.</summary>
    public static string Id(string folder) => Path.GetRelativePath(Dumps, folder).Replace('\\', '/');

    /// <summary>Path of the decompressed vmlinux of a fixture kernel, decompressing it on first use.</summary>
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
            var psi = new ProcessStartInfo("sh", ["-c", $"xz -dc '{source}' > '{partial}'"]) { UseShellExecute = false };
            using var xz = Process.Start(psi)!;
            xz.WaitForExit();
            if (xz.ExitCode != 0)
                throw new InvalidOperationException($"xz -dc {source} failed with exit code {xz.ExitCode}");
            File.Move(partial, target, overwrite: true);
            return target;
        }
    }

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("CRASHDESK_FIXTURES");
        if (!string.IsNullOrEmpty(env))
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crashdesk.slnx")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
                if (Directory.Exists(candidate))
                    return candidate;
                throw new DirectoryNotFoundException($"fixtures not found at {candidate} (set CRASHDESK_FIXTURES)");
            }
        }
        throw new DirectoryNotFoundException("Crashdesk.slnx not found above the test binaries");
    }
}
