using BenchmarkDotNet.Attributes;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Comparison;

namespace Crashdesk.Benchmarks;

/// <summary>
/// Comparing two 5 000-package hosts (as two sosreports give them: <see cref="SosreportBenchmarks"/>)
/// and what 50 such cases (IEnvironmentService.MaxGroupCases) of one crash share: the work behind the compare page and the crash's
/// shared-environment panel, with the JSON read of each stored version included. Goal: well under 2 s.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*EnvironmentComparison*' [--job short]
/// </summary>
[MemoryDiagnoser]
public class EnvironmentComparisonBenchmarks
{
    private string _left = "";
    private string _right = "";
    private const int IEnvironmentServiceLimit = Crashdesk.Core.Services.IEnvironmentService.MaxGroupCases;
    private List<string> _group = [];

    [GlobalSetup]
    public void Setup()
    {
        _left = EnvironmentJson.Serialize(Host(0));
        _right = EnvironmentJson.Serialize(Host(1));
        _group = [.. Enumerable.Range(0, IEnvironmentServiceLimit).Select(i => EnvironmentJson.Serialize(Host(i)))];
    }

    [Benchmark]
    public EnvironmentComparison CompareTwoHosts() =>
        EnvironmentComparer.Compare(EnvironmentJson.Deserialize(_left), EnvironmentJson.Deserialize(_right));

    [Benchmark]
    public EnvironmentConsensus ShareOf50Cases() =>
        EnvironmentConsensus.Of([.. _group.Select(json => new ConsensusMember(Guid.NewGuid(), "case", EnvironmentJson.Deserialize(json)))]);

    /// <summary>A host with 5 000 packages, 120 modules, 1 500 sysctls; every seventh host upgraded 1 in 50 packages.</summary>
    private static EnvironmentDocument Host(int n)
    {
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        return new EnvironmentReading(FactSources.Sosreport, at)
            .Set("hardware.biosVersion", n % 4 == 0 ? "2.3.1" : "2.4.0").Set("hardware.cpus", 64)
            .Set("os.kernelRelease", "5.14.0-362.8.1.el9_3.x86_64").Set("os.commandLine", $"BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel={(n % 3 == 0 ? 256 : 512)}M quiet")
            .SetPackages([.. Enumerable.Range(0, SosreportBenchmarks.Packages).Select(i =>
                new PackageFact($"package-{i:D4}", n % 7 == 1 && i % 50 == 0 ? $"1.{i}.1-2.el9" : $"1.{i}.0-1.el9", "x86_64"))])
            .SetModules([.. Enumerable.Range(0, 120).Select(i => new ModuleFact($"module_{i}", null, i == 7 && n % 2 == 0 ? "OE" : ""))])
            .SetSysctls([.. Enumerable.Range(0, 1500).Select(i => new SysctlFact($"kernel.setting_{i}", (i % 97 == 0 ? n % 2 : 0).ToString()))])
            .Build();
    }
}
