using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Tests.Reports;

/// <summary>The engine's one reading order: the panicking task, each CPU's active task, D state, the rest.</summary>
public class BacktraceOrderTests
{
    [Fact]
    public void Panic_first_then_active_by_cpu_then_d_state_then_the_rest_by_pid()
    {
        var active = new[] { Trace(10, cpu: 2), Trace(11, cpu: 0), Trace(12, cpu: 1) };
        var others = new[] { Trace(40), Trace(30), Trace(20), Trace(25) };
        var tasks = new[] { Task(10, "RU"), Task(11, "RU"), Task(12, "RU"), Task(20, "IN"), Task(25, "UN"), Task(30, "UN"), Task(40, "ID") };

        var ordered = BacktraceOrder.Of(active, others, panicTask: Address(12), tasks);

        Assert.Equal([12, 11, 10, 25, 30, 20, 40], ordered.Select(o => o.Trace.Pid));
        Assert.Equal(["panic", "active", "active", "D state", "D state", "other", "other"], ordered.Select(o => o.Label));
        Assert.Equal("UN", ordered[3].State);
    }

    [Fact]
    public void Without_a_panic_task_or_task_list_keeps_cpu_then_pid_order()
    {
        var ordered = BacktraceOrder.Of([Trace(5, cpu: 1), Trace(6, cpu: 0)], [Trace(9), Trace(7)], null, []);
        Assert.Equal([6, 5, 7, 9], ordered.Select(o => o.Trace.Pid));
        Assert.All(ordered.Skip(2), o => Assert.Equal(BacktraceGroup.Other, o.Group));
        Assert.All(ordered, o => Assert.Equal("", o.State));
    }

    [Fact]
    public void Reads_a_report_with_missing_parts()
    {
        Assert.Empty(BacktraceOrder.Of(new AnalysisReport()));
        var report = new AnalysisReport
        {
            ActiveBacktraces = [Trace(1, cpu: 0), Trace(2, cpu: 1)],
            System = new SystemInfo { PanicTask = new PanicTaskInfo(2, "bash", Address(2), 1, "RU", "TASK_RUNNING") },
        };
        Assert.Equal([BacktraceGroup.Panic, BacktraceGroup.Active], BacktraceOrder.Of(report).Select(o => o.Group));
    }

    private static ulong Address(int pid) => 0xffff_8880_0000_0000UL + (ulong)pid * 0x1000;

    private static TaskBacktrace Trace(int pid, int cpu = 0) =>
        new(pid, $"task{pid}", cpu, Address(pid), false, [], null, "thread.sp", null);

    private static KernelTask Task(int pid, string state) => new()
    {
        Address = Address(pid), Pid = pid, Tgid = pid, Ppid = 1, Cpu = 0, State = state, RawState = 0, ExitState = 0,
        Comm = $"task{pid}", Mm = 0, IsKernelThread = false,
    };
}
