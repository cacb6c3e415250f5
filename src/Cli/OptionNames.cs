namespace Crashdesk.Cli;

/// <summary>Options that take a value, shared by every command's argument parsing.</summary>
internal static class OptionNames
{
    public static readonly IReadOnlySet<string> WithValue = new HashSet<string>(StringComparer.Ordinal)
    {
        "--vmlinux", "--system-map", "--profile", "--output", "-o-file", "--debuginfod",
        "--kaslr-offset", "--cache",
        // shell: one command line per -c
        "-c",
        // engine (run by the service)
        "--channel", "--profile-out", "--cpu-seconds", "--limits",
        // upload
        "--server", "--api-key", "--case", "--kind", "--session", "--chunk-size", "--state-file", "--retry-delay-ms",
    };
}
