using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Formats.Detection;

/// <summary>
/// Text with noise in it is still text; binary stays binary. The logs are the fixtures' own console
/// captures, makedumpfile's dmesg and crash's log, with noise added here; the binaries are the fixture
/// dumps, whole and with their first pages wiped (no magic left to give them away).
/// </summary>
public sealed class TextProbeTests
{
    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Fixtures.DumpFolders())
            foreach (string name in new[] { "console.txt", "makedumpfile-dmesg.txt", Path.Combine("crash", "log.txt") })
                if (File.Exists(Path.Combine(folder, name)))
                    data.Add(Path.Combine(Fixtures.Id(folder), name));
        return data;
    }

    private static bool Probe(byte[] bytes) => TextProbe.LooksLikeText(new MemoryByteSource(bytes, "upload"));

    private static byte[] Log(string id) => File.ReadAllBytes(Path.Combine(Fixtures.Dumps, id));

    [Theory]
    [MemberData(nameof(Logs))]
    public void A_log_is_text(string id) => Assert.True(Probe(Log(id)));

    [Theory]
    [MemberData(nameof(Logs))]
    public void A_log_with_a_few_NUL_and_control_bytes_near_its_start_is_still_text(string id)
    {
        byte[] log = Log(id);
        // A console after a reset: a burst of NULs in the first line, and single control bytes
        // scattered over the first KiBs (line noise). The old probe refused 2 % of control bytes in
        // the first 4 KiB — 100 NULs were enough.
        byte[] noisy = [.. log.AsSpan(0, 10), .. new byte[100], .. log.AsSpan(10)];
        for (int at = 50; at < Math.Min(noisy.Length, 4096); at += 128)
            noisy[at] = (byte)(1 + at % 8); // 0x01–0x08: no tab, no line end
        Assert.True(Probe(noisy));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x01)]
    [InlineData(0x7f)]
    public void A_log_behind_a_MiB_of_one_control_byte_is_still_text(byte fill)
    {
        byte[] log = Log("debian-6.1-cloud/sysrq-c/kdump-zlib/console.txt");
        byte[] noisy = [.. log.AsSpan(0, 200), .. Enumerable.Repeat(fill, 1 << 20), .. log.AsSpan(200)];
        Assert.True(Probe(noisy));
    }

    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void A_dump_is_not_text_whole_or_with_its_headers_wiped(string id)
    {
        using (var whole = new FileByteSource(FixtureDumps.DumpPath(id)))
            Assert.False(TextProbe.LooksLikeText(whole));
        using var file = File.OpenRead(FixtureDumps.DumpPath(id));
        byte[] head = new byte[Math.Min(file.Length, 8 << 20)];
        file.ReadExactly(head);
        foreach (int wiped in new[] { 8, 4096, 64 << 10 })
        {
            byte[] copy = (byte[])head.Clone();
            Array.Clear(copy, 0, wiped);
            Assert.False(Probe(copy), $"{id} with its first {wiped} bytes zeroed looks like text");
        }
    }

    [Fact]
    public void Random_bytes_and_an_empty_file_are_not_text()
    {
        var bytes = new byte[1 << 20];
        new Random(7).NextBytes(bytes);
        Assert.False(Probe(bytes));
        Assert.False(Probe([]));
        Assert.False(Probe(new byte[1 << 20]));
    }

    [Fact]
    public void Latin1_and_UTF8_logs_are_text()
    {
        Assert.True(Probe("[    1.000000] Périphérique prêt: ümlaut\n"u8.ToArray()));
        Assert.True(Probe(System.Text.Encoding.Latin1.GetBytes("[    1.000000] Périphérique prêt, a few accents in a line of a localised log\n")));
    }
}
