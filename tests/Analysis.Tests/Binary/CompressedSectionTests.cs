using System.Diagnostics;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Analysis.Types;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Binary;

/// <summary>
/// SHF_COMPRESSED debug sections (the fixtures have none): binutils' objcopy compresses the mini
/// vmlinux with zlib and with zstd (ELFCOMPRESS_ZSTD, binutils 2.40), and the types read from the
/// compressed files must still print crash's references.
/// </summary>
public class CompressedSectionTests
{
    private static readonly object _lock = new();

    private static string Compressed(string kind)
    {
        string source = TestFixtures.Vmlinux("mini-6.1-lockdep");
        string target = source + ".compressed-" + kind;
        lock (_lock)
        {
            if (File.Exists(target) && File.GetLastWriteTimeUtc(target) >= File.GetLastWriteTimeUtc(source))
                return target;
            string partial = target + "." + Environment.ProcessId + ".partial";
            var psi = new ProcessStartInfo("objcopy", [$"--compress-debug-sections={kind}", source, partial]) { UseShellExecute = false, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"objcopy --compress-debug-sections={kind} failed: {stderr}");
            File.Move(partial, target, overwrite: true);
            return target;
        }
    }

    [Theory]
    [InlineData("zlib")]
    [InlineData("zstd")]
    public void Compressed_debug_sections_give_the_same_types(string kind)
    {
        using var kernel = DebugKernel.Open(Compressed(kind));
        Assert.True(kernel.Image.TryGetSection(".debug_info", out var info));
        Assert.True(info.IsCompressed, $".debug_info is not SHF_COMPRESSED after objcopy --compress-debug-sections={kind}");
        var header = kernel.Image.FileBytes(info.FileOffset, 4, "chdr");
        Assert.Equal(kind == "zlib" ? CompressedSection.Zlib : CompressedSection.Zstd, BitConverter.ToUInt32(header));
        Assert.Equal(DebugKernels.Get("mini-6.1-lockdep").Identity, kernel.Identity);
        foreach (string type in new[] { "task_struct", "mm_struct", "printk_info" })
        {
            string expected = File.ReadAllText(Path.Combine(TestFixtures.Root, "kernels", "mini-6.1-lockdep", "crash", $"struct-{type}.txt"));
            Assert.True(kernel.Types.TryFindType("struct " + type, out var t));
            Assert.Equal(expected, CrashStructFormatter.Format(t));
        }
    }

    [Fact]
    public void Corrupt_compressed_payload_names_the_section()
    {
        var body = new byte[64];
        BitConverter.GetBytes(CompressedSection.Zlib).CopyTo(body, 0);
        BitConverter.GetBytes(1000UL).CopyTo(body, 8);
        body.AsSpan(24).Fill(0xAB);
        var e = Assert.Throws<DumpFormatException>(() => CompressedSection.Decompress(body, "vmlinux: section .debug_info"));
        Assert.Contains(".debug_info", e.Message);
        BitConverter.GetBytes(CompressedSection.Zstd).CopyTo(body, 0);
        Assert.Throws<DumpFormatException>(() => CompressedSection.Decompress(body, "vmlinux: section .debug_info"));
        BitConverter.GetBytes(7u).CopyTo(body, 0);
        Assert.Throws<NotSupportedException>(() => CompressedSection.Decompress(body, "vmlinux: section .debug_info"));
    }
}
