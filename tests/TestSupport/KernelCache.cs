namespace Crashdesk.TestSupport;

/// <summary>
/// The fixture kernels' vmlinux files, decompressed once (`xz -dc`) into $CRASHDESK_KERNEL_CACHE or
/// /var/tmp/crashdesk-kernels: outside the clone, so every worktree and test project shares one copy.
/// </summary>
public static class KernelCache
{
    private static readonly Lock _xzLock = new();

    /// <summary>The cache folder.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("CRASHDESK_KERNEL_CACHE") ?? "/var/tmp/crashdesk-kernels";

    /// <summary>Path of the decompressed vmlinux of a fixture kernel, decompressing it on first use.</summary>
    public static string Vmlinux(string kernelId)
    {
        string target = Path.Combine(Folder, kernelId, "vmlinux");
        string source = SharedFixtures.KernelFile(Path.Combine(kernelId, "vmlinux.xz"));
        lock (_xzLock)
        {
            // A newer vmlinux.xz (the fixtures were rebuilt) replaces the cached copy.
            if (File.Exists(target) && File.GetLastWriteTimeUtc(target) >= File.GetLastWriteTimeUtc(source))
                return target;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Written beside and moved into place: another process (a parallel test project) never
            // sees half a vmlinux.
            string partial = target + "." + Environment.ProcessId + ".partial";
            ReferenceTools.Run("sh", "-c", $"xz -dc '{source}' > '{partial}'");
            File.Move(partial, target, overwrite: true);
            return target;
        }
    }
}
