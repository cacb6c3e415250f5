using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Tests.Context;

public class KernelContextTests
{
    [Fact]
    public void DebugKernelContextGivesCrashsOffsetsAndRuntimeSymbols()
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib");
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        using var debug = DebugKernel.Open(Support.Fixtures.Vmlinux("debian-6.1-cloud"));
        var context = KernelContextFactory.Create(KernelTarget.Open(source), debug);

        // Offsets from crash's `struct -o task_struct` / `thread_struct` on this kernel.
        Assert.Equal(2192, context.Types.OffsetOf("task_struct", "tasks"));
        Assert.Equal(5312 + 24, context.Types.OffsetOf("task_struct", "thread.sp"));
        Assert.Equal(9728, context.Types.SizeOf("task_struct"));
        Assert.Null(context.Types.OffsetOf("task_struct", "no_such_member"));

        // `panic` is in crash's bt-a.txt at ffffffff8d9cd06e (a return address inside it).
        Assert.True(context.Symbols.TryResolve(0xffffffff8d9cd06e, out var location));
        Assert.Equal("panic", location.Symbol.Name);
    }
}
