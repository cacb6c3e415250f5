using System.Diagnostics;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Crashdesk.Core.Tests.Consoles;

/// <summary>
/// The first command of a session opens the dump (indexes it, reads kallsyms and BTF: many ranged GETs). Over a
/// slow store that takes seconds; a Ctrl-C then ends the command at once, the open goes on, and the next
/// command takes it up instead of starting again.
/// </summary>
public sealed class ConsoleOpenCancelTests(SlowStoreConsoleFixture f, ITestOutputHelper output) : IClassFixture<SlowStoreConsoleFixture>
{
    private const string NoKernel = "(no debug kernel: kallsyms and BTF from the dump)";

    [Fact]
    public async Task Ctrl_c_while_the_dump_opens_ends_the_command_at_once_and_the_next_command_takes_up_the_open()
    {
        // An open reads about 170 times through the link here: some 10 s at 60 ms a GET.
        f.Link.Delay = TimeSpan.FromMilliseconds(60);
        try
        {
            long before = f.Link.DelayedReads;
            var queued = await f.WithConsoleAsync(c => c.SubmitAsync(f.Engineer, f.CaseId, "sys", ConsoleCommandKind.Run));
            // The open is under way: it has gone through the slow link a few times.
            for (int i = 0; i < 300 && f.Link.DelayedReads - before < 3; i++)
                await Task.Delay(100);
            Assert.True(f.Link.DelayedReads - before >= 3, "the first command never started reading the dump");

            var clock = Stopwatch.StartNew();
            Assert.True(await f.WithConsoleAsync(c => c.CancelAsync(f.Engineer, f.CaseId, queued!.Id)));
            var cancelled = await f.WithConsoleAsync(c => c.WaitAsync(f.Engineer, f.CaseId, queued!.Id, TimeSpan.FromSeconds(120)));
            var stoppedIn = clock.Elapsed;
            long readsWhenStopped = f.Link.DelayedReads;
            Assert.Equal(ConsoleCommandStatus.Cancelled, cancelled!.Status);
            Assert.Equal("cancelled", cancelled.Error);

            // The open was not over when the command ended: it goes on reading.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            long readsAfter = f.Link.DelayedReads;
            var next = await f.RunAsync(f.Engineer, "sys");
            long readsTotal = f.Link.DelayedReads - before;
            output.WriteLine($"stopped {stoppedIn.TotalMilliseconds:0} ms after Ctrl-C; GETs: {readsWhenStopped - before} when stopped, {readsAfter - before} 1.5 s later, {readsTotal} in all");
            Assert.True(stoppedIn < TimeSpan.FromSeconds(4), $"the command ended {stoppedIn.TotalSeconds:0.0} s after Ctrl-C");
            Assert.True(readsAfter > readsWhenStopped, "nothing was read after the cancelled command ended: the open did not go on");

            // The next command answers from that open, as the engine does on the file.
            using var source = new FileByteSource(TestFixtures.DumpFile(ConsoleFixture.Fixture));
            var local = new CrashShell(KernelTarget.Open(source), null, new CrashShellNames(NoKernel, ConsoleFixture.FileName), CrashCommands.Default);
            Assert.Equal(ConsoleCommandStatus.Done, next.Status);
            Assert.Equal(local.Execute("sys").Text, next.Output);
        }
        finally
        {
            f.Link.Delay = TimeSpan.Zero;
        }
    }
}
