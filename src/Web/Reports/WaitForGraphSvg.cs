using System.Globalization;
using System.Net;
using System.Text;
using Crashdesk.Web.ViewModels;

namespace Crashdesk.Web.Reports;

/// <summary>
/// The wait-for graph as an inline SVG picture, drawn on the server so the page needs no graph
/// script: tasks and locks as
/// nodes, "waits for" edges from a waiting task to its lock and "owned by" edges from a lock to its
/// owner. Edges of a cycle (a deadlock) are red and every cycle is named under the picture. Layout:
/// locks in the middle column, owners on the right, tasks that only wait on the left.
/// </summary>
public static class WaitForGraphSvg
{
    /// <summary>Most locks drawn; the table lists every lock.</summary>
    public const int MaxLocks = 40;

    private const int RowHeight = 64;
    private const int Top = 40;
    private const int NodeWidth = 200;
    private const int NodeHeight = 40;
    private const int LeftX = 20;
    private const int MiddleX = 320;
    private const int RightX = 620;
    private const int Width = RightX + NodeWidth + 20;

    /// <summary>The locks worth drawing: those with an owner or waiters.</summary>
    public static IReadOnlyList<LockRow> DrawnLocks(LocksView view) =>
        view.Locks.Where(l => l.OwnerPid is not null || l.WaiterPids.Count > 0).Take(MaxLocks).ToList();

    /// <summary>The SVG markup, or null when no lock has an owner or a waiter.</summary>
    public static string? Render(LocksView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var locks = DrawnLocks(view);
        if (locks.Count == 0)
            return null;
        var owners = locks.Where(l => l.OwnerPid is not null).Select(l => l.OwnerPid!.Value).Distinct().ToList();
        var waitersOnly = locks.SelectMany(l => l.WaiterPids).Distinct().Where(p => !owners.Contains(p)).ToList();
        int rows = Math.Max(locks.Count, Math.Max(owners.Count, waitersOnly.Count));
        int height = Top + rows * RowHeight + 10;

        var lockPos = new Dictionary<ulong, (int X, int Y)>();
        for (int i = 0; i < locks.Count; i++)
            lockPos[locks[i].Address] = (MiddleX, RowY(i, locks.Count, rows));
        var taskPos = new Dictionary<int, (int X, int Y)>();
        for (int i = 0; i < owners.Count; i++)
            taskPos[owners[i]] = (RightX, RowY(i, owners.Count, rows));
        for (int i = 0; i < waitersOnly.Count; i++)
            taskPos[waitersOnly[i]] = (LeftX, RowY(i, waitersOnly.Count, rows));

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cd-graph\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"wait-for graph\" data-testid=\"wait-for-graph\">");
        sb.Append("<defs>");
        foreach (var (id, color) in new[] { ("cd-arrow", "#555"), ("cd-arrow-red", "#c62828") })
            sb.Append(CultureInfo.InvariantCulture, $"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>");
        sb.Append("</defs>");
        Header(sb, LeftX, "waiting tasks");
        Header(sb, MiddleX, "locks");
        Header(sb, RightX, "owners");

        foreach (var l in locks)
        {
            var (lx, ly) = lockPos[l.Address];
            foreach (int waiter in l.WaiterPids)
            {
                var (tx, ty) = taskPos[waiter];
                bool red = InCycle(view, waiter, l.Name);
                // From the waiting task's facing side to the lock's facing side.
                int x1 = tx < lx ? tx + NodeWidth : tx;
                int x2 = tx < lx ? lx : lx + NodeWidth;
                Edge(sb, x1, ty, x2, ly, "waits for", red, tx > lx);
            }
            if (l.OwnerPid is int owner)
            {
                var (tx, ty) = taskPos[owner];
                bool red = InCycle(view, owner, l.Name);
                Edge(sb, lx + NodeWidth, ly, tx, ty, "owned by", red, false);
            }
        }
        foreach (var l in locks)
        {
            var (x, y) = lockPos[l.Address];
            Node(sb, x, y, l.Name, $"{l.Kind} {l.Address:x16}", isLock: true, red: view.Deadlocks.Any(d => d.Locks.Contains(l.Name)));
        }
        foreach (var (pid, (x, y)) in taskPos)
            Node(sb, x, y, view.TaskName(pid), $"PID {pid}", isLock: false, red: view.Deadlocks.Any(d => d.Pids.Contains(pid)));
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>"Deadlock: a/1 waits for L1 owned by b/2, which waits for L2 owned by a/1", one line per cycle.</summary>
    public static IReadOnlyList<string> DescribeDeadlocks(LocksView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var list = new List<string>(view.Deadlocks.Count);
        foreach (var d in view.Deadlocks)
        {
            var sb = new StringBuilder("Deadlock: ");
            for (int i = 0; i < d.Pids.Count; i++)
            {
                int next = d.Pids[(i + 1) % d.Pids.Count];
                if (i == 0)
                    sb.Append(view.TaskName(d.Pids[i]));
                sb.Append(i == 0 ? " waits for " : ", which waits for ");
                sb.Append(CultureInfo.InvariantCulture, $"{(i < d.Locks.Count ? d.Locks[i] : "?")} owned by {view.TaskName(next)}");
            }
            list.Add(sb.ToString());
        }
        return list;
    }

    private static bool InCycle(LocksView view, int pid, string lockName) =>
        view.Deadlocks.Any(d => d.Pids.Contains(pid) && d.Locks.Contains(lockName));

    /// <summary>Centres a column of <paramref name="count"/> nodes in <paramref name="rows"/> rows.</summary>
    private static int RowY(int index, int count, int rows) => Top + (rows - count) * RowHeight / 2 + index * RowHeight;

    private static void Header(StringBuilder sb, int x, string text) =>
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + NodeWidth / 2}\" y=\"20\" text-anchor=\"middle\" class=\"cd-graph-header\">{text}</text>");

    private static void Node(StringBuilder sb, int x, int y, string title, string subtitle, bool isLock, bool red)
    {
        string cls = (isLock ? "cd-graph-lock" : "cd-graph-task") + (red ? " cd-graph-cycle" : "");
        int rx = isLock ? 4 : 18;
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"{cls}\" data-node=\"{Escape(title)}\"><rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"{rx}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + NodeWidth / 2}\" y=\"{y + 17}\" text-anchor=\"middle\" class=\"cd-graph-title\">{Escape(Clip(title, 28))}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + NodeWidth / 2}\" y=\"{y + 32}\" text-anchor=\"middle\" class=\"cd-graph-sub\">{Escape(Clip(subtitle, 34))}</text></g>");
    }

    private static void Edge(StringBuilder sb, int x1, int y1, int x2, int y2, string label, bool red, bool bend)
    {
        int my1 = y1 + NodeHeight / 2, my2 = y2 + NodeHeight / 2;
        // A waiting owner (right column) reaches back to a lock: bend the curve below the straight path.
        int cx = (x1 + x2) / 2, cy = (my1 + my2) / 2 + (bend ? RowHeight / 2 : 0);
        string color = red ? "#c62828" : "#555";
        sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x1},{my1} Q{cx},{cy} {x2},{my2}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{(red ? 2.5 : 1.5)}\" marker-end=\"url(#{(red ? "cd-arrow-red" : "cd-arrow")})\" data-edge=\"{label}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{cx}\" y=\"{(my1 + my2) / 2 - 4 + (bend ? RowHeight / 4 : 0)}\" text-anchor=\"middle\" class=\"cd-graph-edge\" fill=\"{color}\">{label}</text>");
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
