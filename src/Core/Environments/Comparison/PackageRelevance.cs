namespace Crashdesk.Core.Environments.Comparison;

/// <summary>
/// How likely a package's change matters to a kernel crash, for ordering a comparison: the kernel
/// itself first, then firmware and microcode, then out-of-tree drivers and module packages, then the
/// user-space parts that load modules or take the dump, then the rest.
/// </summary>
public static class PackageRelevance
{
    public const int Kernel = 0;
    public const int Firmware = 1;
    public const int Drivers = 2;
    public const int KernelTools = 3;
    public const int Other = 4;

    private static readonly string[] _kernelPrefixes = ["linux-image", "linux-modules", "linux-headers", "linux-kbuild", "kernel"];
    private static readonly string[] _firmwareWords = ["firmware", "microcode", "bios"];
    private static readonly string[] _driverWords = ["dkms", "-modules", "kmod-", "-kmp-", "driver", "nvidia", "mlnx", "ofed"];
    private static readonly string[] _toolNames = ["kmod", "kexec-tools", "makedumpfile", "kdump-tools", "kdump", "crash", "systemd", "udev", "libc6", "glibc", "dracut", "initramfs-tools", "grub2", "grub-pc", "grub-efi-amd64", "shim"];

    public static int Of(string name)
    {
        var lower = name.ToLowerInvariant();
        if (_kernelPrefixes.Any(p => lower == p || lower.StartsWith(p + "-", StringComparison.Ordinal)))
            return Kernel;
        if (_firmwareWords.Any(lower.Contains))
            return Firmware;
        if (_driverWords.Any(lower.Contains))
            return Drivers;
        if (_toolNames.Contains(lower))
            return KernelTools;
        return Other;
    }

    public static string Label(int relevance) => relevance switch
    {
        Kernel => "kernel",
        Firmware => "firmware",
        Drivers => "drivers and modules",
        KernelTools => "kernel tools",
        _ => "other",
    };
}
