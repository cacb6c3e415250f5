using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Profiles;

/// <summary>
/// A profile of one dump's own kallsyms and BTF (<see cref="DumpProfileBuilder"/>), kept as the service
/// keeps it (written and read back), analyses another dump of the same Debian build — another boot,
/// another KASLR offset — into the report that dump gives alone (whose facts other tests check against
/// crash and drgn), reading a fraction of the bytes.
/// </summary>
public sealed class DumpProfileTests(ITestOutputHelper output)
{
    private const string Source = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Theory]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd")]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo")]
    [InlineData(Source)]
    public void A_profile_of_one_dump_gives_another_dump_of_its_build_the_same_report_for_fewer_bytes(string id)
    {
        var profile = KeptProfile.Value;
        using var file = new FileByteSource(FixtureDumps.DumpPath(id));
        using var alone = new ReadRecorder(file);
        var expected = DumpAnalyzer.Analyze(alone, new AnalysisOptions());
        using var second = new FileByteSource(FixtureDumps.DumpPath(id));
        using var withProfile = new ReadRecorder(second);
        var report = DumpAnalyzer.Analyze(withProfile, new AnalysisOptions { DebugInfo = profile });

        Assert.Equal("kallsyms of this kernel build (kept from an earlier dump) and the symbols of " + expected.Modules!.Count + " modules", report.SymbolOrigin);
        Assert.Equal("BTF of this kernel build (kept from an earlier dump)", report.TypeOrigin);
        Assert.Equal(Json(expected with { SymbolOrigin = null, TypeOrigin = null }), Json(report with { SymbolOrigin = null, TypeOrigin = null }));
        long before = alone.Read().Total, after = withProfile.Read().Total;
        output.WriteLine($"{id}: {before} bytes of {file.Length} alone ({100.0 * before / file.Length:F2} %), {after} with the kept profile ({100.0 * after / file.Length:F2} %)");
        Assert.True(after * 4 < before, $"{after} bytes read with the profile, {before} without: the profile should spare kallsyms and BTF");
    }

    [Fact]
    public void A_dump_whose_symbols_or_types_came_from_elsewhere_gives_no_profile()
    {
        using var file = new FileByteSource(FixtureDumps.DumpPath(Source));
        KernelContext? seen = null;
        DumpAnalyzer.Analyze(file, new AnalysisOptions { DebugInfo = DebugKernels.Get("debian-6.1-cloud"), OnKernelContext = c => seen = c });
        Assert.NotNull(seen);
        Assert.Null(DumpProfileBuilder.TryBuild(seen, ProfileTypes.All));
    }

    [Fact]
    public void The_profile_holds_the_kernel_s_identity_and_no_module_symbol()
    {
        var profile = KeptProfile.Value;
        var banner = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(Source), "console.txt")).First(l => l.Contains("Linux version ", StringComparison.Ordinal));
        Assert.NotNull(profile.Identity.Banner);
        Assert.EndsWith(profile.Identity.Banner, banner, StringComparison.Ordinal); // the console line carries a timestamp first
        Assert.Equal(FixtureDumps.Sys(Source, "RELEASE"), profile.Identity.Release);
        Assert.DoesNotContain(profile.Symbols.Symbols, s => s.Module is not null);
        Assert.True(profile.FromDump);
    }

    private static readonly Lazy<KernelProfile> KeptProfile = new(() =>
    {
        using var file = new FileByteSource(FixtureDumps.DumpPath(Source));
        KernelContext? context = null;
        DumpAnalyzer.Analyze(file, new AnalysisOptions { OnKernelContext = c => context = c });
        var built = DumpProfileBuilder.TryBuild(context!, ProfileTypes.All) ?? throw new InvalidOperationException("no profile from " + Source);
        using var kept = new MemoryStream();
        KernelProfileSerializer.Write(built, kept);
        return KernelProfileSerializer.Read(kept.ToArray(), "the kept profile").AsDumpProfile();
    });

    private static string Json(AnalysisReport report) => JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
