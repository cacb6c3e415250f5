using Crashdesk.TestSupport;

namespace Crashdesk.Fuzz.Seeds;

/// <summary>
/// The seeds: the shared fixture dumps, their console logs and the fixture kernels' files, found as the
/// tests find them ($CRASHDESK_FIXTURES, else ../shared/fixtures beside the clone). Read-only: every
/// mutation happens in memory (patches over the seed), never in the fixtures.
/// </summary>
public sealed class SeedFiles(string root)
{
    private readonly Dictionary<string, byte[]> _bytes = [];

    /// <summary>The fixtures folder.</summary>
    public string Root { get; } = root;

    /// <summary>The dump file of a fixture id ("mini-6.1-lockdep/sysrq-c/kdump-zstd").</summary>
    public string DumpPath(string id) => Directory.GetFiles(Path.Combine(Root, "dumps", id), "dump.*").Single();

    /// <summary>A file's bytes, read once per process.</summary>
    public byte[] Bytes(string path)
    {
        lock (_bytes)
        {
            if (!_bytes.TryGetValue(path, out var b))
                _bytes[path] = b = File.ReadAllBytes(path);
            return b;
        }
    }

    /// <summary>Every console log: logs/*/*.console.txt and each dump folder's console.txt.</summary>
    public IReadOnlyList<string> ConsoleLogs() =>
        Directory.GetFiles(Path.Combine(Root, "logs"), "*.console.txt", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Root, "dumps"), "console.txt", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>A file under kernels/ ("debian-6.1-cloud/corpus_crash.ko").</summary>
    public string Kernel(string relative) => Path.Combine(Root, "kernels", relative);

    /// <summary>The relative name of a fixture path, for findings.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path);

    /// <summary>The fixtures folder given with --fixtures, else the tests' (<see cref="SharedFixtures.Root"/>).</summary>
    public static SeedFiles Locate(string? explicitRoot) =>
        new(string.IsNullOrEmpty(explicitRoot) ? SharedFixtures.Root : explicitRoot);
}
