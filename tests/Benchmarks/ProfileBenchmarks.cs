using BenchmarkDotNet.Attributes;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Benchmarks;

/// <summary>
/// Kernel profile load (goal: under 50 ms) and build, in-process. Inputs from the environment:
/// CRASHDESK_BENCH_VMLINUX (a decompressed fixture vmlinux) and CRASHDESK_BENCH_PROFILE (its profile,
/// from `crashdesk profile build`). Whole-process comparison with drgn: tests/Benchmarks/bench-profile.sh.
/// </summary>
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private readonly string _vmlinux = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_VMLINUX") ?? "/var/tmp/crashdesk-kernels/debian-6.1-cloud/vmlinux";
    private readonly string _profile = Environment.GetEnvironmentVariable("CRASHDESK_BENCH_PROFILE") ?? "/var/tmp/crashdesk-kernels/debian-6.1-cloud/profile.cdkprof";

    [Benchmark]
    public int LoadProfile() => KernelProfileSerializer.Read(_profile).Symbols.Count;

    [Benchmark]
    public int BuildProfile()
    {
        using var kernel = DebugKernel.Open(_vmlinux);
        return KernelProfileBuilder.Build(kernel).NamedTypes.Count;
    }
}
