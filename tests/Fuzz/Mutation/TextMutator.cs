using System.Text;

namespace Crashdesk.Fuzz.Mutation;

/// <summary>
/// Mutations of text input (console logs, VMCOREINFO): NUL and CR floods, long lines, repeated oops
/// headers, invalid UTF-8, control bytes, cuts, duplicated and deleted blocks, bit flips, and for
/// key=value text extreme values. <paramref name="maxFlood"/> bounds what one step adds.
/// </summary>
public sealed class TextMutator(Random rng, int maxFlood)
{
    // Headers the triage splits reports on (Triage/OopsCatalog.cs), and lines it follows.
    private static readonly string[] _headers =
    [
        "BUG: kernel NULL pointer dereference, address: 0000000000000000",
        "BUG: unable to handle page fault for address: ffffffffc0a01000",
        "Oops: 0002 [#1] PREEMPT SMP NOPTI",
        "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP",
        "Kernel panic - not syncing: Fatal exception",
        "------------[ cut here ]------------",
        "WARNING: CPU: 3 PID: 1 at drivers/misc/lkdtm/bugs.c:89 lkdtm_WARNING+0x1b/0x20",
        "kernel BUG at mm/slub.c:4321!",
        "INFO: task sh:215 blocked for more than 120 seconds.",
        "watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [init:67]",
        "sysrq: Trigger a crash",
        "Out of memory: Killed process 123 (stress) total-vm:1000kB, anon-rss:900kB",
        "======================================================",
        "WARNING: possible circular locking dependency detected",
        "Call Trace:",
        " <TASK>",
        " ? __die+0x23/0x70",
        "RIP: 0010:sysrq_handle_crash+0x16/0x20",
        "Modules linked in: corpus_crash(OE) nls_ascii",
        "CPU: 3 PID: 1 Comm: init Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2",
    ];

    public (byte[] Bytes, string Steps) Mutate(byte[] seed, bool keyValue)
    {
        var data = new List<byte>(seed);
        var steps = new List<string>();
        int count = 1 + rng.Next(rng.Next(4) == 0 ? 6 : 3);
        for (int i = 0; i < count; i++)
        {
            int op = rng.Next(keyValue ? 14 : 12);
            int at = LineStart(data, rng.Next(data.Count + 1));
            switch (op)
            {
                case 0:
                    int nuls = Flood();
                    data.InsertRange(at, new byte[nuls]);
                    steps.Add($"{nuls} NUL bytes at {at}");
                    break;
                case 1:
                    int crs = Flood();
                    byte[] cr = rng.Next(2) == 0 ? Enumerable.Repeat((byte)'\r', crs).ToArray() : Repeat("\r\n"u8.ToArray(), crs / 2);
                    data.InsertRange(at, cr);
                    steps.Add($"{cr.Length} CR bytes at {at}");
                    break;
                case 2:
                    int len = Flood();
                    byte fill = (byte)"A \t%x"[rng.Next(5)];
                    data.InsertRange(at, Enumerable.Repeat(fill, len).Append((byte)'\n'));
                    steps.Add($"a {len}-byte line of 0x{fill:x2} at {at}");
                    break;
                case 3 or 4:
                    RepeatedHeaders(data, at, steps);
                    break;
                case 5:
                    byte[] bad = InvalidUtf8();
                    data.InsertRange(Math.Min(data.Count, at + rng.Next(80)), bad);
                    steps.Add($"invalid UTF-8 {Convert.ToHexString(bad)} near {at}");
                    break;
                case 6:
                    int cut = rng.Next(data.Count + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    steps.Add($"cut at {cut}");
                    break;
                case 7:
                    int end = LineStart(data, Math.Min(data.Count, at + rng.Next(1, 4000)));
                    if (end > at)
                    {
                        var block = data.GetRange(at, end - at);
                        int times = 1 + rng.Next(rng.Next(3) == 0 ? 2000 : 5);
                        times = Math.Max(1, Math.Min(times, maxFlood / Math.Max(1, block.Count)));
                        for (int k = 0; k < times; k++)
                            data.InsertRange(end, block);
                        steps.Add($"lines {at}..{end} repeated {times} times");
                    }
                    break;
                case 8:
                    int del = LineStart(data, Math.Min(data.Count, at + rng.Next(1, 8000)));
                    data.RemoveRange(at, del - at);
                    steps.Add($"deleted bytes {at}..{del}");
                    break;
                case 9:
                    int flips = 1 + rng.Next(16);
                    for (int k = 0; k < flips && data.Count > 0; k++)
                        data[rng.Next(data.Count)] ^= (byte)(1 << rng.Next(8));
                    steps.Add($"{flips} bit flips");
                    break;
                case 10:
                    byte[] ctl = [0x1b, (byte)'[', (byte)'3', (byte)'1', (byte)'m', 0x08, 0x7f, 0x0b, 0x0c, 0x85, 0x00, 0x1b];
                    data.InsertRange(Math.Min(data.Count, at + rng.Next(40)), ctl);
                    steps.Add($"control bytes near {at}");
                    break;
                case 11:
                    for (int k = data.Count - 1; k > 0; k--)
                        if (data[k] == '\n' && data[k - 1] != '\r' && rng.Next(2) == 0)
                            data.Insert(k, (byte)'\r');
                    steps.Add("CRLF line endings");
                    break;
                default:
                    KeyValue(data, at, steps);
                    break;
            }
        }
        return (data.ToArray(), string.Join("; ", steps));
    }

    private int Flood() => 1 + (rng.Next(3) == 0 ? rng.Next(maxFlood) : rng.Next(Math.Min(maxFlood, 8192)));

    private void RepeatedHeaders(List<byte> data, int at, List<string> steps)
    {
        string header = _headers[rng.Next(_headers.Length)];
        bool withTrace = rng.Next(2) == 0;
        string unit = withTrace ? $"{header}\nCall Trace:\n <TASK>\n dump_stack_lvl+0x44/0x5c\n panic+0x118/0x2f0\n </TASK>\n" : header + "\n";
        int times = 1 + rng.Next(Math.Max(1, maxFlood / unit.Length));
        times = Math.Min(times, rng.Next(2) == 0 ? 100_000 : 2_000);
        data.InsertRange(at, Repeat(Encoding.ASCII.GetBytes(unit), times));
        steps.Add($"\"{header}\"{(withTrace ? " with a call trace" : "")} repeated {times} times at {at}");
    }

    private byte[] InvalidUtf8()
    {
        byte[][] pool =
        [
            [0x80], [0xbf, 0xbf], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
            [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf],
        ];
        var all = new List<byte>();
        int n = 1 + rng.Next(rng.Next(4) == 0 ? 4000 : 6);
        for (int i = 0; i < n; i++)
            all.AddRange(pool[rng.Next(pool.Length)]);
        return all.ToArray();
    }

    private void KeyValue(List<byte> data, int at, List<string> steps)
    {
        int eq = data.IndexOf((byte)'=', at);
        if (eq < 0)
            return;
        int nl = data.IndexOf((byte)'\n', eq);
        if (nl < 0)
            nl = data.Count;
        string[] values = ["-1", "0", "", "ffffffffffffffff", "10000000000000000000000", "-9223372036854775808", "0x", "7fffffff", "80000000", "4294967296", " 12 ", "1e9", "ffff88800000000g", "-ffffffff"];
        string v = values[rng.Next(values.Length)];
        string key = Encoding.Latin1.GetString(data.GetRange(at, Math.Max(0, eq - at)).ToArray());
        data.RemoveRange(eq + 1, nl - eq - 1);
        data.InsertRange(eq + 1, Encoding.ASCII.GetBytes(v));
        steps.Add($"{key}={v}");
    }

    private static int LineStart(List<byte> data, int at)
    {
        at = Math.Clamp(at, 0, data.Count);
        while (at > 0 && data[at - 1] != '\n')
            at--;
        return at;
    }

    private static byte[] Repeat(byte[] unit, int times)
    {
        var all = new byte[unit.Length * times];
        for (int i = 0; i < times; i++)
            unit.CopyTo(all, i * unit.Length);
        return all;
    }
}
