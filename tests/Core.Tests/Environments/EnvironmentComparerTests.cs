using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Comparison;

namespace Crashdesk.Core.Tests.Environments;

public sealed class EnvironmentComparerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static EnvironmentDocument Host(string bios, string commandLine, IReadOnlyList<PackageFact> packages, params ModuleFact[] modules) =>
        new EnvironmentReading(FactSources.Sosreport, At)
            .Set("hardware.biosVersion", bios).Set("os.commandLine", commandLine)
            .SetPackages(packages).SetModules(modules).Build();

    [Fact]
    public void Packages_are_added_removed_or_changed_kernel_and_firmware_first_and_boot_parameters_by_name()
    {
        var left = Host("2.3.1", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet crashkernel=256M",
            [new("bash", "5.2.15-2+b7", "amd64"), new("linux-image-6.1.0-55-amd64", "6.1.190-1", "amd64"), new("zlib1g", "1:1.2.13.dfsg-1", "amd64")],
            new ModuleFact("foo", "1.2", "O"));
        var right = Host("2.4.0", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel=512M mitigations=off",
            [new("bash", "5.2.15-2+b7", "amd64"), new("linux-image-6.1.0-56-amd64", "6.1.192-2", "amd64"),
             new("intel-microcode", "3.20250512.1", "amd64"), new("zlib1g", "1:1.2.13.dfsg-1+b1", "amd64")]);

        var comparison = EnvironmentComparer.Compare(left, right);

        Assert.Equal(
            ["linux-image-6.1.0-55-amd64 removed", "linux-image-6.1.0-56-amd64 added", "intel-microcode added", "zlib1g changed"],
            comparison.Packages.Select(p => $"{p.Name} {p.Change}"));
        Assert.Equal(1, comparison.SamePackages);
        Assert.Equal(["crashkernel 256M→512M changed", "mitigations →off added", "quiet → removed"],
            comparison.CommandLine!.Select(d => $"{d.Name} {d.Left}→{d.Right} {d.Change}"));
        Assert.Equal("removed", comparison.CommandLine!.Single(d => d.Name == "quiet").Change);
        Assert.Equal(new FactDifference("hardware.biosVersion", "BIOS/firmware version", "2.3.1", "2.4.0"), Assert.Single(comparison.Facts));
        Assert.Equal("removed", Assert.Single(comparison.Modules).Change);
    }

    [Fact]
    public void Without_a_package_list_on_one_side_nothing_is_said_about_packages()
    {
        var left = Host("2.3.1", "quiet", [new("bash", "5.2", "amd64")]);
        var right = new EnvironmentReading(FactSources.Dump, At).Set("hardware.biosVersion", "2.3.1").Set("os.commandLine", "quiet").Build();
        var comparison = EnvironmentComparer.Compare(left, right);
        Assert.False(comparison.PackagesCompared);
        Assert.Empty(comparison.Packages);
        // Everything both sides know agrees: the same, as far as can be told.
        Assert.True(comparison.IsSame);
    }
}
