using Crashdesk.Analysis;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk profile build <vmlinux> [--output F] [--timings]`: reads a debug kernel once and writes its
/// kernel profile (symbols, the extractors' types, ORC tables), named by build-id unless --output is given.
/// </summary>
internal sealed class ProfileBuildCommand : ICliCommand
{
    public string Name => "profile build";

    public string Summary => "build a kernel profile (symbols + types + ORC, keyed by build-id) from a vmlinux";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1)
        {
            error.WriteLine("usage: crashdesk profile build <vmlinux> [--output F] [--timings]");
            return 2;
        }
        try
        {
            var timings = new PhaseTimings();
            using var kernel = timings.Measure("open vmlinux", () => DebugKernel.Open(arguments.Positionals[0]));
            var profile = KernelProfileBuilder.Build(kernel, timings: timings);
            string path = arguments.Option("--output")
                ?? KernelProfileSerializer.FileName(profile.Identity.BuildId ?? throw new DumpFormatException($"{arguments.Positionals[0]}: no GNU build-id note; give --output"));
            timings.Measure("write", () => { KernelProfileSerializer.Write(profile, path); return 0; });
            output.WriteLine($"{path}: build-id {profile.Identity.BuildId ?? "unknown"}, release {profile.Identity.Release ?? "unknown"}, "
                + $"{profile.Symbols.Count} symbols, {profile.NamedTypes.Count} types, {profile.Orc?.Count ?? 0} ORC entries, {new FileInfo(path).Length} bytes");
            if (arguments.Has("--timing") || arguments.Has("--timings"))
                error.Write("timings:\n" + timings.Format());
            return 0;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException)
        {
            error.WriteLine($"crashdesk profile build: {e.Message}");
            return 1;
        }
    }
}
