using BenchmarkDotNet.Attributes;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Benchmarks;

/// <summary>
/// SosreportReader.ReadAsync on a sosreport-shaped tar.xz of this machine with 5 000 packages
/// (<see cref="BenchSosreport"/>), built once per benchmark process in the setup; the read is from
/// memory. Goal: well under 2 s. The import with the database save is timed by bench-environment.sh.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*Sosreport*' [--job short]
/// </summary>
[MemoryDiagnoser]
public class SosreportBenchmarks
{
    public const int Packages = 5000;

    private byte[] _archive = [];

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchSosreport.Build(Packages);
        int read = ReadSosreport().GetAwaiter().GetResult();
        if (read != Packages)
            throw new InvalidOperationException($"the benchmark's sosreport reads as {read} packages, not {Packages}");
        Console.WriteLine($"// sosreport: {_archive.Length:N0} bytes of tar.xz, {Packages} packages");
    }

    [Benchmark]
    public async Task<int> ReadSosreport()
    {
        var document = await SosreportReader.ReadAsync(new MemoryStream(_archive, writable: false), "sosreport-bench.tar.xz",
            DateTimeOffset.UnixEpoch, SosreportLimits.Default, CancellationToken.None);
        return document.Packages!.Items.Count;
    }
}
