using System.Diagnostics;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// Plumbing for the crash-like commands (sys, ps, kmem-i, analyze): opens the dump and the debug
/// information (`--vmlinux F` through the profile cache unless `--no-cache`, or `--profile F`,
/// or none: kallsyms and BTF from the dump), then runs the body with a <see cref="KernelContext"/>.
/// </summary>
internal static class KernelCommandRunner
{
    /// <summary>What the body gets.</summary>
    internal sealed record Session(KernelTarget Target, IKernelDebugInfo? DebugInfo, string DumpName, string KernelName, string DebugInfoNote)
    {
        /// <summary>Phase durations when `--timings` was given (printed to stderr at the end).</summary>
        public PhaseTimings? Timings { get; init; }
    }

    public static int Run(string command, CliArguments arguments, TextWriter error, Func<Session, int> body) =>
        DumpCommandRunner.Guard(command, arguments, error, $"usage: crashdesk {command} <dump> [--vmlinux F | --profile F] [--no-cache] [--json]", path =>
        {
            var clock = Stopwatch.StartNew();
            var timings = arguments.Has("--timings") ? new PhaseTimings() : null;
            var (debug, owner, note) = LoadDebugInfo(arguments, timings);
            using var _ = owner;
            note += $" in {clock.ElapsedMilliseconds} ms";
            using var source = new FileByteSource(path);
            var opening = timings?.Start("dump open");
            var target = KernelTarget.Open(source);
            opening?.Dispose();
            string kernelName = arguments.Option("--vmlinux") is { } v ? Path.GetFileName(v)
                : arguments.Option("--profile") is { } p ? Path.GetFileName(p)
                : "(none: kallsyms and BTF in the dump)";
            int rc = body(new Session(target, debug, Path.GetFileName(path), kernelName, note) { Timings = timings });
            if (timings is not null)
                error.Write("timings:\n" + timings.Format());
            return rc;
        });

    private static (IKernelDebugInfo? Info, IDisposable? Owner, string Note) LoadDebugInfo(CliArguments arguments, PhaseTimings? timings)
    {
        if (arguments.Option("--profile") is { } profile)
            return (timings is null ? KernelProfileSerializer.Read(profile) : timings.Measure("profile load", () => KernelProfileSerializer.Read(profile)), null, "kernel profile " + profile);
        if (arguments.Option("--vmlinux") is not { } vmlinux)
            return (null, null, "no debug kernel");
        if (arguments.Has("--no-cache"))
        {
            var kernel = DebugKernel.Open(vmlinux);
            return (kernel, kernel, "debug kernel (DWARF, not cached)");
        }
        var cache = KernelProfileCache.Default();
        var built = cache.GetOrBuild(vmlinux, ProfileTypes.All, out bool fromCache, timings);
        return (built, null, fromCache ? "cached kernel profile" : "kernel profile built from the vmlinux and cached");
    }
}
