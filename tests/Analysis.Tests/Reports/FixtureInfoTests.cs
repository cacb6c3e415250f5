using System.Globalization;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Reports;

/// <summary>The dump summary agrees with crash `sys` and meta.json.</summary>
public class FixtureInfoTests
{
    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void Summary_agrees_with_crash_sys_and_meta(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var s = DumpSummaryBuilder.Build(KernelTarget.Open(source));
        var meta = FixtureDumps.Meta(id);
        Assert.Equal(FixtureDumps.Sys(id, "RELEASE"), s.KernelRelease);
        Assert.Equal(FixtureDumps.Sys(id, "NODENAME"), s.NodeName);
        Assert.Equal(FixtureDumps.Sys(id, "VERSION"), s.KernelVersion);
        // crash prints "CPUS: 4" or "CPUS: 4 [OFFLINE: 3]".
        Assert.Equal(int.Parse(FixtureDumps.Sys(id, "CPUS").Split(' ')[0], CultureInfo.InvariantCulture), s.Cpus);
        Assert.Equal(int.Parse(meta.GetProperty("cpus").GetString()!, CultureInfo.InvariantCulture), s.Cpus);
        Assert.Equal("x86_64", s.Machine);
        if (meta.GetProperty("capture").GetString() == "qemu")
        {
            // QEMU writes no CRASHTIME and an empty header timestamp: unknown, never 1970.
            Assert.Null(s.CrashTime);
        }
        else
        {
            var date = DateTime.ParseExact(FixtureDumps.Sys(id, "DATE"), "ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.Equal(date, s.CrashTime!.Value.UtcDateTime);
        }
        string format = meta.GetProperty("format").GetString()!;
        Assert.False(s.Truncated);
        Assert.False(s.Incomplete);
        Assert.True(s.PagesPresent > 1000);
        Assert.Equal(format switch
        {
            "kdump-elf31" => "ELF",
            "kdump-flat" or "qemu-kdump-zlib" => "kdump-compressed (flattened)",
            _ => "kdump-compressed",
        }, s.Format);
        if (format.StartsWith("kdump-", StringComparison.Ordinal) && format is not ("kdump-elf31" or "kdump-flat"))
            Assert.Equal(format["kdump-".Length..], s.Compression);
        if (format.StartsWith("kdump", StringComparison.Ordinal) && format != "kdump-elf31")
            Assert.Equal(31, s.DumpLevel);
        Assert.Matches("^[0-9a-f]{40}$", s.BuildId);
    }

    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void Panic_cpu_registers_name_the_panic_task(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var target = KernelTarget.Open(source);
        var meta = FixtureDumps.Meta(id);
        Assert.Equal(4, target.Cpus.Count);
        var panic = target.Cpus[meta.GetProperty("panic_cpu").GetInt32()];
        // The panicking CPU stopped in kernel code (the image, or the corpus_crash module on the
        // Debian oops): a kernel-half address whose code bytes are readable (modules need the page-table walk).
        Assert.InRange(panic.Registers.Rip, 0xffffffff80000000, ulong.MaxValue);
        Assert.True(target.KernelMemory.TryReadU64(panic.Registers.Rip, out _), $"RIP 0x{panic.Registers.Rip:x} not readable");
        if (meta.GetProperty("capture").GetString() != "qemu")
            Assert.Equal(meta.GetProperty("panic_pid").GetInt32(), panic.Pid); // QEMU writes its own CPU ids as pr_pid
    }
}
