using System.Collections.Concurrent;
using Crashdesk.Analysis.Profiles;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Support;

/// <summary>One opened (and indexed) debug kernel per fixture kernel, shared by all tests of the run.</summary>
public static class DebugKernels
{
    private static readonly ConcurrentDictionary<string, Lazy<DebugKernel>> _open = new();

    public static readonly string[] Ids = ["mini-6.1-lockdep", "debian-6.1-cloud"];

    public static DebugKernel Get(string id) =>
        _open.GetOrAdd(id, k => new Lazy<DebugKernel>(() => DebugKernel.Open(TestFixtures.Vmlinux(k)))).Value;

    /// <summary>VMCOREINFO text of a fixture dump (stored uncompressed in kdump files), read from the dump bytes.</summary>
    public static string VmcoreInfoValue(string dumpFile, string key)
    {
        using var f = File.OpenRead(dumpFile);
        var buffer = new byte[Math.Min(f.Length, 1 << 20)];
        f.ReadExactly(buffer);
        string text = System.Text.Encoding.Latin1.GetString(buffer);
        // VMCOREINFO is KEY=value lines; the first key follows the note header's padding (NUL).
        var m = System.Text.RegularExpressions.Regex.Match(text, @"(?<=[\n\0])" + System.Text.RegularExpressions.Regex.Escape(key) + "=(?<v>[^\n\0]*)");
        Assert.True(m.Success, $"{key}= not found in the first MiB of {dumpFile}");
        return m.Groups["v"].Value;
    }
}
