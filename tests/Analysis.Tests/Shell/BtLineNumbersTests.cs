using System.Globalization;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// `bt -l` against Debian's crash 8.0.2 on the same vmlinux and dump: the line under each kernel
/// frame is what crash's `sym` prints for the frame's address (crash 8.0.2 looks the return address
/// itself up), "FILE: LINE", also for the D-state tasks crash's own `bt` cannot find; without a debug kernel the shell says why there are none. CrashRunTests compares
/// the panic task's with crash's own.
/// </summary>
public sealed partial class BtLineNumbersTests
{
    public static TheoryData<string> Cases() => new() { "debian-6.1-cloud/hung-mutex/kdump-zstd", "mini-6.1-lockdep/hung-mutex/kdump-zstd", "mini-6.1-lockdep/sysrq-c/kdump-zstd" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_frames_line_is_crashs(string id)
    {
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id));
        var pids = new[] { FixtureDumps.Meta(id).GetProperty("panic_pid").GetInt32() }.Concat(drgn.Where(t => t.State == 'D').Select(t => t.Pid)).ToList();
        var expected = new List<string>();
        var ours = new List<string>();
        var addresses = new List<string>();
        foreach (int pid in pids)
        {
            string plain = ShellFixtures.Run(id, $"bt {pid}").Text;
            var lines = ShellFixtures.Run(id, $"bt -l {pid}").Text.Split('\n');
            // -l only adds lines: without them the text is plain `bt`'s.
            Assert.Equal(plain, string.Join('\n', lines.Where(l => !IsLine(l))));
            for (int i = 0; i < lines.Length; i++)
            {
                if (ShellFixtures.BtFrame().Match(lines[i]) is not { Success: true } f || lines[i].EndsWith(']'))
                    continue; // module frames have no line (crash: the module's debug info is not loaded)
                ulong pc = Convert.ToUInt64(f.Groups["pc"].Value, 16);
                addresses.Add(pc.ToString("x", CultureInfo.InvariantCulture));
                ours.Add(i + 1 < lines.Length && IsLine(lines[i + 1]) ? lines[i + 1][4..] : "(none)");
            }
        }
        Assert.True(addresses.Count > 5);
        // crash's own answer for each address: `sym ADDR` ends with the same get_line_number() text
        // bt -l prints. addr2line takes the last row at an address, gdb the last statement row, and
        // they differ where inlined code puts several rows at one return address.
        var commands = addresses.Select(a => "sym " + a).ToList();
        var crash = CrashReference.Outputs(id, commands);
        foreach (string command in commands)
            expected.Add(SymLine().Match(crash[command]) is { Success: true } m ? m.Groups["line"].Value : "(none)");
        Assert.Equal(expected, ours);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9a-f]+ \(.\) \S+ (?<line>\S+: \d+)\n$")]
    private static partial System.Text.RegularExpressions.Regex SymLine();

    // "    FILE: LINE" (Debian's paths are relative: its build maps the build directory away).
    private static bool IsLine(string line) => System.Text.RegularExpressions.Regex.IsMatch(line, @"^    [^ \[#]\S*: \d+$");

    [Fact]
    public void Without_a_debug_kernel_bt_l_says_why()
    {
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        var reply = shell.Execute("bt -l");
        Assert.NotNull(reply.Error);
        Assert.StartsWith("bt: -l: ", reply.Text, StringComparison.Ordinal);
    }
}
