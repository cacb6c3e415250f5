using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.FromDump;

namespace Crashdesk.Core.Tests.Environments;

/// <summary>The pieces that read a machine out of a kernel log, on the kernel's own line formats (real lines from servers and the fixtures).</summary>
public sealed class DumpEnvironmentTests
{
    [Theory]
    [InlineData("QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        "QEMU Standard PC (i440FX + PIIX, 1996)", null, "1.16.2-debian-1.16.2-1", "04/01/2014")]
    [InlineData("Dell Inc. PowerEdge R740/0YWR7D, BIOS 2.10.0 11/12/2020", "Dell Inc. PowerEdge R740", "0YWR7D", "2.10.0", "11/12/2020")]
    [InlineData("HPE ProLiant DL380 Gen10/ProLiant DL380 Gen10, BIOS U30 02/09/2023", "HPE ProLiant DL380 Gen10", "ProLiant DL380 Gen10", "U30", "02/09/2023")]
    [InlineData("Amazon EC2 m5.large/, BIOS 1.0 10/16/2017", "Amazon EC2 m5.large/", null, "1.0", "10/16/2017")]
    public void The_DMI_line_splits_as_dmi_format_ids_joins_it(string line, string system, string? board, string bios, string date)
    {
        Assert.Equal(new DmiLine(system, board, bios, date), DmiLine.Parse(line));
    }

    [Theory]
    [InlineData(0UL, "Not tainted")]
    [InlineData((1UL << 12) | (1UL << 13), "OE")]
    [InlineData(1UL | (1UL << 9) | (1UL << 12), "PWO")]
    public void Taint_masks_are_the_letters_of_kernel_panic_c(ulong mask, string letters) =>
        Assert.Equal(letters, KernelTaintLetters.FromMask(mask));

    [Theory]
    [InlineData("G           OE     ", "OE")]
    [InlineData("P        W  O      ", "PWO")]
    [InlineData("", "Not tainted")]
    public void An_oops_headers_tainted_field_gives_the_same_letters(string raw, string letters) =>
        Assert.Equal(letters, KernelTaintLetters.FromHeader(raw));

    [Fact]
    public void Modules_linked_in_gives_names_and_taints_without_the_last_unloaded_one()
    {
        var modules = ModulesLinkedIn.ParseList(" corpus_crash(OE) qemu_fw_cfg nvidia(POE) virtio_blk [last unloaded: floppy]");
        Assert.Equal(["corpus_crash OE", "qemu_fw_cfg ", "nvidia POE", "virtio_blk "], modules.Select(m => $"{m.Name} {m.Taints}"));
    }

    [Fact]
    public void Only_the_boot_that_crashed_is_read_from_a_console_with_the_capture_kernels_boot_after_it()
    {
        string[] log =
        [
            "[    0.000000] Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
            "[    0.000000] Command line: console=ttyS0 crashkernel=160M",
            "[    0.000000] DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
            "[    0.065593] Memory: 162556K/523756K available (14343K kernel code, 2327K rwdata)",
            "[    0.437976] smpboot: CPU0: AMD QEMU TCG CPU version 2.5+ (family: 0xf, model: 0x6b, stepping: 0x1)",
            "[    0.699727] smp: Brought up 1 node, 4 CPUs",
            "[    6.898069] sysrq: Trigger a crash",
            "[    0.000000] Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
            "[    0.000000] Command line: console=ttyS0 irqpoll nr_cpus=1 reset_devices elfcorehdr=490868K",
            "[    0.053731] Memory: 109592K/163820K available",
            "[    0.500000] smp: Brought up 1 node, 1 CPU",
        ];
        var crashed = BootLogFacts.Read(log, crashLine: 7);
        Assert.Equal("console=ttyS0 crashkernel=160M", crashed.CommandLine);
        Assert.Equal(523756L * 1024, crashed.MemoryBytes);
        Assert.Equal(4, crashed.OnlineCpus);
        Assert.Equal(1, crashed.NumaNodes);
        Assert.Equal("AMD QEMU TCG CPU version 2.5+", crashed.CpuModel);
        Assert.Equal("6.1.0-56-cloud-amd64", crashed.Release);

        var capture = BootLogFacts.Read(log, crashLine: 10);
        Assert.Equal("console=ttyS0 irqpoll nr_cpus=1 reset_devices elfcorehdr=490868K", capture.CommandLine);
        Assert.Null(capture.Dmi);
        Assert.Equal(1, capture.OnlineCpus);
    }
}
