using Crashdesk.Analysis.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Extractors.Backtrace;

/// <summary>
/// The QEMU `dump-guest-memory` fixture: no drgn.json, and crash unwound only the panicking CPU
/// (the others sit on the NMI stack after the stop-NMI, which crash cannot read). Its notes hold the real CPU state, so the unwind starts from them.
/// </summary>
public class QemuDumpTests(ITestOutputHelper output)
{
    private const string Id = "mini-6.1-lockdep/sysrq-c/qemu-kdump-zlib";

    [Fact]
    public void PanickingCpuMatchesCrashAndTheOthersAreUnwound()
    {
        var (_, extractor) = BacktraceFixtures.Open(Id);
        var meta = FixtureDumps.Meta(Id);
        Assert.Equal(meta.GetProperty("panic_cpu").GetInt32(), extractor.PanicCpu);
        var crash = ReferenceFrames.CrashBtA(FixtureDumps.Folder(Id)).Single(b => b.Functions.Count > 0);
        var panic = extractor.ForPanic()!;
        Assert.Equal(crash.Pid, panic.Pid);
        var names = panic.Frames.Select(f => ReferenceFrames.Normalize(f.Function ?? "?")).ToList();
        output.WriteLine($"cpu {panic.Cpu}: [{string.Join(", ", names)}]");
        // crash starts at `panic` (found by its stack search); the note's RIP is in the delay loop
        // panic() spins in, so we show that innermost frame above it.
        int first = names.IndexOf("panic");
        Assert.True(first is 0 or 1, $"panic is frame {first}");
        Assert.Equal(crash.Functions, names.Skip(first));
        Assert.NotNull(panic.UserRegisters);
        foreach (var bt in extractor.ForActiveCpus().Where(b => b.Cpu != panic.Cpu))
        {
            output.WriteLine($"cpu {bt.Cpu} pid {bt.Pid} ({bt.Start}): [{string.Join(", ", bt.Frames.Select(f => f.Function))}] {bt.Error}");
            // The other CPUs were stopped by panic()'s REBOOT_VECTOR IPI (smp_send_stop):
            // stop_this_cpu, then the interrupted context down to user mode.
            Assert.Equal("stop_this_cpu", bt.Frames[0].Function);
            Assert.Null(bt.Error);
            Assert.NotNull(bt.UserRegisters);
        }
    }
}
