namespace Crashdesk.Core.Environments;

/// <summary>
/// The scalar fields of the hardware and OS sections: the one list the model, the merge, the
/// comparison, the API's validation and the edit forms read, so a new field is one line here.
/// </summary>
public static class EnvironmentFields
{
    public const string Hardware = "hardware";
    public const string Os = "os";

    public static readonly IReadOnlyList<EnvironmentField> HardwareFields =
    [
        new(Hardware, "system", "System (DMI)", EnvironmentFieldKind.Text, 60),
        new(Hardware, "vendor", "Vendor", EnvironmentFieldKind.Text, 50),
        new(Hardware, "product", "Product", EnvironmentFieldKind.Text, 60),
        new(Hardware, "board", "Board", EnvironmentFieldKind.Text, 40),
        new(Hardware, "biosVersion", "BIOS/firmware version", EnvironmentFieldKind.Text, 90),
        new(Hardware, "biosDate", "BIOS/firmware date", EnvironmentFieldKind.Text, 80),
        new(Hardware, "cpuModel", "CPU model", EnvironmentFieldKind.Text, 70),
        new(Hardware, "cpus", "CPUs", EnvironmentFieldKind.Count, 40),
        new(Hardware, "sockets", "Sockets", EnvironmentFieldKind.Count, 30),
        new(Hardware, "coresPerSocket", "Cores per socket", EnvironmentFieldKind.Count, 30),
        new(Hardware, "threadsPerCore", "Threads per core", EnvironmentFieldKind.Count, 30),
        new(Hardware, "memoryBytes", "Memory", EnvironmentFieldKind.Bytes, 40),
        new(Hardware, "numaNodes", "NUMA nodes", EnvironmentFieldKind.Count, 30),
        new(Hardware, "hypervisor", "Hypervisor", EnvironmentFieldKind.Text, 50),
    ];

    public static readonly IReadOnlyList<EnvironmentField> OsFields =
    [
        new(Os, "distribution", "Distribution", EnvironmentFieldKind.Text, 70),
        new(Os, "distributionRelease", "Distribution release", EnvironmentFieldKind.Text, 70),
        new(Os, "kernelRelease", "Kernel release", EnvironmentFieldKind.Text, 100),
        new(Os, "kernelBuild", "Kernel build", EnvironmentFieldKind.Text, 95),
        new(Os, "kernelBanner", "Kernel banner", EnvironmentFieldKind.Text, 60),
        new(Os, "architecture", "Architecture", EnvironmentFieldKind.Text, 50),
        new(Os, "commandLine", "Boot command line", EnvironmentFieldKind.Text, 85),
        new(Os, "taint", "Kernel taint", EnvironmentFieldKind.Text, 85),
        new(Os, "securityModule", "SELinux/AppArmor", EnvironmentFieldKind.Text, 40),
        new(Os, "timeZone", "Time zone", EnvironmentFieldKind.Text, 10),
        new(Os, "hostname", "Host name", EnvironmentFieldKind.Text, 5),
    ];

    public static readonly IReadOnlyList<EnvironmentField> All = [.. HardwareFields, .. OsFields];

    /// <summary>The field at <paramref name="path"/> (<c>hardware.cpuModel</c>), or null.</summary>
    public static EnvironmentField? Find(string path) => All.FirstOrDefault(f => f.Path == path);

    /// <summary>The fields of <paramref name="section"/>, or null for an unknown section.</summary>
    public static IReadOnlyList<EnvironmentField>? Of(string section) => section switch
    {
        Hardware => HardwareFields,
        Os => OsFields,
        _ => null,
    };

    /// <summary>Whether <paramref name="value"/> suits <paramref name="field"/>; the problem otherwise.</summary>
    public static string? Check(EnvironmentField field, string value)
    {
        if (value.Length > MaxValueLength)
            return $"{field.Label}: longer than {MaxValueLength} characters";
        if (field.Kind is EnvironmentFieldKind.Count or EnvironmentFieldKind.Bytes
            && !(ulong.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
            return $"{field.Label}: \"{value}\" is not a whole number";
        return null;
    }

    /// <summary>Longest scalar value kept (a boot command line is at most COMMAND_LINE_SIZE, 2048 on x86, in the kernel).</summary>
    public const int MaxValueLength = 8192;
}
