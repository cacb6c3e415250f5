using System.Diagnostics;
using System.Globalization;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// `bt -l` against binutils' addr2line on the same vmlinux: the line under each kernel frame is
/// addr2line's answer for the frame's address (crash 8.0.2 looks the return address itself up), as
/// "FILE: LINE"; without a debug kernel the shell says why there are none. CrashRunTests compares
/// the panic task's with crash's own.
/// </summary>
public sealed class BtLineNumbersTests
{
    public static TheoryData<string> Cases() => new() { "debian-6.1-cloud/hung-mutex/kdump-zstd", "mini-6.1-lockdep/hung-mutex/kdump-zstd", "mini-6.1-lockdep/sysrq-c/kdump-zstd" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_frames_line_is_addr2lines(string id)
    {
        string kernel = AnalyzedFixtures.Kernel(id);
        ulong kaslr = Convert.ToUInt64(DebugKernels.VmcoreInfoValue(FixtureDumps.DumpPath(id), "KERNELOFFSET"), 16);
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
                addresses.Add((pc - kaslr).ToString("x", CultureInfo.InvariantCulture));
                ours.Add(i + 1 < lines.Length && IsLine(lines[i + 1]) ? lines[i + 1][4..] : "(none)");
            }
        }
        Assert.True(addresses.Count > 5);
        var psi = new ProcessStartInfo("addr2line", ["-e", Support.Fixtures.Vmlinux(kernel), .. addresses]) { RedirectStandardOutput = true };
        using (var p = Process.Start(psi)!)
        {
            foreach (string line in p.StandardOutput.ReadToEnd().TrimEnd('\n').Split('\n'))
            {
                // "FILE:LINE" or "FILE:LINE (discriminator N)"; "??:0" where it knows none.
                string at = line.Split(" (discriminator", 2)[0];
                int colon = at.LastIndexOf(':');
                expected.Add(at.StartsWith("??", StringComparison.Ordinal) ? "(none)" : at[..colon] + ": " + at[(colon + 1)..]);
            }
            p.WaitForExit();
        }
        Assert.Equal(expected, ours);
    }

    // "    FILE: LINE" (Debian's paths are relative: its build maps the build directory away).
    private static bool IsLine(string line) => System.Text.RegularExpressions.Regex.IsMatch(line, @"^    [^ \[#]\S*: \d+$");

    [Fact]
    public void Without_a_debug_kernel_bt_l_says_why()
    {
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var shell = new CrashShell(KernelTarget.Open(source), null, new CrashShellNames("vmlinux", "dump.zstd"), CrashCommands.Default);
        var reply = shell.Execute("bt -l");
        Assert.NotNull(reply.Error);
        Assert.StartsWith("bt: -l: ", reply.Text, StringComparison.Ordinal);
    }
}
