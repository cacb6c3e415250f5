using System.Xml.Linq;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Web.Reports;
using Crashdesk.Web.ViewModels;

namespace Crashdesk.Web.Tests;

/// <summary>
/// The case page's wait-for picture (pure rendering logic): an ABBA deadlock between two tasks —
/// the cycle found by the engine's own <see cref="WaitForGraph.FindCycles"/> — is drawn in red and
/// named; a plain contention is not. The fixtures hold no deadlock, hence a built lock report.
/// </summary>
public sealed class WaitForGraphSvgTests
{
    private static readonly TaskRow[] _tasks = [Task(10, "writer"), Task(20, "reader"), Task(30, "bystander")];

    private static TaskRow Task(int pid, string comm) => new(pid, 1, 0, 0xffff000000000000 + (ulong)pid, "UN", null, null, comm, false, false);

    private static LocksView Abba()
    {
        // writer owns A and waits for B; reader owns B and waits for A; bystander waits for A too.
        var locks = new List<KernelLock>
        {
            new("lock_a", 0xffffffffc0001000, "mutex", 10, 0xffff000000000010, [20, 30], []),
            new("lock_b", 0xffffffffc0002000, "mutex", 20, 0xffff000000000020, [10], []),
        };
        var edges = new List<WaitEdge>
        {
            new(20, 10, "lock_a", 0xffffffffc0001000),
            new(30, 10, "lock_a", 0xffffffffc0001000),
            new(10, 20, "lock_b", 0xffffffffc0002000),
        };
        return LocksView.Of(new LockReport(locks, [], edges, WaitForGraph.FindCycles(edges), []), _tasks);
    }

    [Fact]
    public void A_deadlock_cycle_is_drawn_in_red_and_named()
    {
        var report = Abba();
        var svg = XElement.Parse(WaitForGraphSvg.Render(report)!);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var edges = svg.Descendants(ns + "path").Where(p => p.Attribute("data-edge") is not null).ToList();

        Assert.Equal(3, edges.Count(e => (string?)e.Attribute("data-edge") == "waits for"));
        Assert.Equal(2, edges.Count(e => (string?)e.Attribute("data-edge") == "owned by"));
        // The four edges of the cycle are red; the bystander's wait is not part of it.
        Assert.Equal(4, edges.Count(e => (string?)e.Attribute("stroke") == "#c62828"));
        var nodes = svg.Descendants(ns + "g").ToDictionary(g => (string)g.Attribute("data-node")!, g => (string)g.Attribute("class")!);
        Assert.Contains("cd-graph-cycle", nodes["writer/10"]);
        Assert.Contains("cd-graph-cycle", nodes["reader/20"]);
        Assert.DoesNotContain("cd-graph-cycle", nodes["bystander/30"]);
        var named = Assert.Single(WaitForGraphSvg.DescribeDeadlocks(report));
        Assert.Equal("Deadlock: writer/10 waits for lock_b owned by reader/20, which waits for lock_a owned by writer/10", named);
    }

    [Fact]
    public void Without_owner_or_waiters_there_is_no_picture_and_names_are_escaped()
    {
        var idle = new LockReport([new KernelLock("idle", 1, "mutex", null, null, [], [])], [], [], [], []);
        Assert.Null(WaitForGraphSvg.Render(LocksView.Of(idle, [])));

        var hostile = new LockReport([new KernelLock("<script>x</script>", 1, "mutex", 5, 2, [], [])], [], [], [], []);
        string svg = WaitForGraphSvg.Render(LocksView.Of(hostile, [Task(5, "a&b")]))!;
        Assert.DoesNotContain("<script>", svg);
        XElement.Parse(svg);
    }
}
