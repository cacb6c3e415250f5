using System.Text;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Diagnostics;

/// <summary>
/// Values read from a dump reach messages escaped and bounded. The hostile dump is a copy of a real
/// kdump fixture whose VMCOREINFO (stored uncompressed in the kdump sub-header) is patched in place:
/// its BUILD-ID overwritten with terminal escapes and control bytes, as page data overwrote it in a
/// user's dump.
/// </summary>
public sealed class DumpTextTests
{
    private const string Id = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public void Control_bytes_are_escaped_and_long_values_cut()
    {
        Assert.Equal(@"ab\x00\x1b[2J\x7f\x85\u202e", DumpText.Escape("ab\0\u001b[2J\u007f\u0085\u202e"));
        Assert.Equal(new string('x', 10) + "…", DumpText.Escape(new string('x', 500), 10));
        Assert.Equal("6.1.0-56-cloud-amd64 café", DumpText.Escape("6.1.0-56-cloud-amd64 café"));
        Assert.Equal("(none)", DumpText.Escape(null));
    }

    /// <summary>A copy of the fixture dump with its VMCOREINFO BUILD-ID value (and what follows, <paramref name="spill"/> bytes) replaced by <paramref name="junk"/>.</summary>
    private static byte[] WithBuildId(Func<int, byte[]> junk, int spill)
    {
        byte[] dump = File.ReadAllBytes(FixtureDumps.DumpPath(Id));
        string expected = DebugKernels.VmcoreInfoValue(FixtureDumps.DumpPath(Id), "BUILD-ID");
        int at = Encoding.Latin1.GetString(dump, 0, 1 << 20).IndexOf("BUILD-ID=" + expected, StringComparison.Ordinal) + "BUILD-ID=".Length;
        Assert.True(at > 8);
        // Keep the first 9 hex digits, as in the user's dump, and overwrite the rest in place (same length).
        byte[] bytes = junk(expected.Length - 9 + spill);
        bytes.CopyTo(dump, at + 9);
        return dump;
    }

    private static string MismatchMessage(byte[] dump)
    {
        using var source = new MemoryByteSource(dump, "dump");
        var target = KernelTarget.Open(source);
        var e = Assert.Throws<KernelMismatchException>(() => KernelContextFactory.Create(target, DebugKernels.Get("debian-6.1-cloud")));
        return e.Message;
    }

    [Fact]
    public void A_build_id_overwritten_with_control_bytes_reaches_the_message_escaped()
    {
        string message = MismatchMessage(WithBuildId(n => [.. "\u001b[2J\0\u0001\u0007"u8, .. Enumerable.Repeat((byte)0x1b, n - 7)], 0));
        Assert.DoesNotContain(message, c => c < ' ' || c == '\u007f');
        string kept = DebugKernels.VmcoreInfoValue(FixtureDumps.DumpPath(Id), "BUILD-ID")[..9];
        // The identity lower-cases a build-id (hex digits): ESC [ 2 J arrives as \x1b[2j.
        Assert.Contains($@"dump expects {kept}\x1b[2j\x00\x01\x07\x1b", message);
    }

    [Fact]
    public void A_build_id_run_into_the_next_lines_reaches_the_message_cut()
    {
        // 130 bytes with no line end: the value runs over the following VMCOREINFO lines.
        string message = MismatchMessage(WithBuildId(n => [.. Enumerable.Range(0, n).Select(i => (byte)(i % 2 == 0 ? 0x01 : 'A'))], 100));
        Assert.DoesNotContain(message, c => c < ' ' || c == '\u007f');
        Assert.Contains("…", message);
        Assert.True(message.Length < 400, message);
    }
}
