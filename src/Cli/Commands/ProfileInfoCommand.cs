using System.Diagnostics;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk profile info <file> [--timing]`: what a kernel profile holds; --timing loads it 20 times and prints the median.</summary>
internal sealed class ProfileInfoCommand : ICliCommand
{
    public string Name => "profile info";

    public string Summary => "show a kernel profile's build-id, release, symbol/type/ORC counts (--timing: load time)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1)
        {
            error.WriteLine("usage: crashdesk profile info <file> [--timing]");
            return 2;
        }
        try
        {
            string path = arguments.Positionals[0];
            var clock = Stopwatch.StartNew();
            var profile = KernelProfileSerializer.Read(path);
            double first = clock.Elapsed.TotalMilliseconds;
            output.WriteLine($"BUILD-ID: {profile.Identity.BuildId ?? "unknown"}");
            output.WriteLine($" RELEASE: {profile.Identity.Release ?? "unknown"}");
            output.WriteLine($"  BANNER: {profile.Identity.Banner ?? "unknown"}");
            output.WriteLine($" SYMBOLS: {profile.Symbols.Count}");
            output.WriteLine($"   TYPES: {string.Join(", ", profile.NamedTypes.Keys.Order(StringComparer.Ordinal))}");
            output.WriteLine($"     ORC: {profile.Orc?.Count ?? 0} entries");
            if (arguments.Has("--timing"))
            {
                // Wall time and this process's CPU time: on a shared machine the wall time mostly measures waiting.
                var times = new List<(double Wall, double Cpu)>();
                using var self = Process.GetCurrentProcess();
                for (int i = 0; i < 20; i++)
                {
                    self.Refresh();
                    var cpu = self.TotalProcessorTime;
                    clock.Restart();
                    _ = KernelProfileSerializer.Read(path);
                    double wall = clock.Elapsed.TotalMilliseconds;
                    self.Refresh();
                    times.Add((wall, (self.TotalProcessorTime - cpu).TotalMilliseconds));
                }
                var walls = times.Select(t => t.Wall).Order().ToArray();
                var cpus = times.Select(t => t.Cpu).Order().ToArray();
                output.WriteLine($"    LOAD: first {first:F1} ms (cold JIT); then wall median {walls[10]:F1} ms (min {walls[0]:F1}), CPU median {cpus[10]:F1} ms (min {cpus[0]:F1})");
            }
            return 0;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException)
        {
            error.WriteLine($"crashdesk profile info: {e.Message}");
            return 1;
        }
    }
}
