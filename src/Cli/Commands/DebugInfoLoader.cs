using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Cli.Commands;

/// <summary>Opens the debug information named by `--vmlinux F` or `--profile F` for a command.</summary>
internal static class DebugInfoLoader
{
    /// <summary>An opened source; disposing unmaps the vmlinux.</summary>
    internal sealed class Loaded(IKernelDebugInfo info, IDisposable? owner) : IDisposable
    {
        public IKernelDebugInfo Info { get; } = info;

        public void Dispose() => owner?.Dispose();
    }

    /// <summary>Null (after a usage message) when neither option is given.</summary>
    public static Loaded? Load(CliArguments arguments, TextWriter error)
    {
        string? vmlinux = arguments.Option("--vmlinux");
        string? profile = arguments.Option("--profile");
        if (profile is not null)
            return new Loaded(KernelProfileSerializer.Read(profile), null);
        if (vmlinux is not null)
        {
            var kernel = DebugKernel.Open(vmlinux);
            return new Loaded(kernel, kernel);
        }
        error.WriteLine("one of --vmlinux F or --profile F is required");
        return null;
    }
}
