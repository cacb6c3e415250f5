using System.Diagnostics;
using System.Text;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Tests.Formats.Detection;

/// <summary>Wrong inputs are recognised and explained, not misparsed.</summary>
public class DetectionTests
{
    private static string Reason(byte[] bytes, string name = "upload")
    {
        using var source = new MemoryByteSource(bytes, name);
        var e = Assert.Throws<NotSupportedException>(() => DumpOpener.Open(source));
        return e.Message;
    }

    /// <summary>Compresses real bytes with the real tool, so the magic numbers are not ours.</summary>
    private static byte[] Tool(string command, byte[] input)
    {
        string dir = Directory.CreateTempSubdirectory("crashdesk-detect").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "vmcore"), input);
            var psi = new ProcessStartInfo("sh", ["-c", command]) { WorkingDirectory = dir, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            return ms.ToArray();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("KDUMP   some dump bytes\n", 200)));

    [Theory]
    [InlineData("gzip -c vmcore", "gzip")]
    [InlineData("xz -c vmcore", "xz")]
    [InlineData("bzip2 -c vmcore", "bzip2")]
    [InlineData("tar -cf - vmcore", "tar")]
    public void Archives_are_named(string command, string expected)
    {
        string reason = Reason(Tool(command, Payload));
        Assert.Contains(expected, reason);
        Assert.Contains("vmcore", reason);
    }

    [Fact]
    public void Zstd_frame_is_named()
    {
        // zstd's frame magic (RFC 8878 §3.1.1: 0xFD2FB528 little-endian) ahead of a frame.
        byte[] frame = [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x45, 0x00, 0x00, 0x10, 0x00, 0x00, .. new byte[80]];
        Assert.Contains("zstd", Reason(frame));
    }

    [Fact]
    public void Empty_and_tiny_files_say_so()
    {
        Assert.Contains("empty", Reason([]));
        Assert.Contains("too small", Reason("hello"u8.ToArray()));
    }

    [Fact]
    public void System_map_is_recognised()
    {
        string map = File.ReadAllText(Path.Combine(Support.Fixtures.Root, "kernels", "mini-6.1-lockdep", "System.map"));
        Assert.Contains("System.map", Reason(Encoding.ASCII.GetBytes(map[..8192])));
    }

    [Fact]
    public void Vmlinux_is_recognised_as_a_kernel_not_a_dump()
    {
        // The real debug kernel's first 64 KiB: ELF ET_EXEC.
        using var f = File.OpenRead(Support.Fixtures.Vmlinux("mini-6.1-lockdep"));
        byte[] head = new byte[65536];
        f.ReadExactly(head);
        string reason = Reason(head);
        Assert.Contains("vmlinux", reason);
        Assert.Contains("not a crash dump", reason);
    }

    [Fact]
    public void Random_text_is_not_a_dump()
    {
        Assert.Contains("not a recognised crash dump", Reason(Payload[8..]));
    }
}
