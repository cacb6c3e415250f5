namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// lscpu(1)'s default output (sos: <c>sos_commands/processor/lscpu</c>): <c>Key: value</c> lines,
/// indented under section lines in util-linux 2.37 and later. The keys read: "Model name", "CPU(s)",
/// "Socket(s)", "Core(s) per socket", "Thread(s) per core", "NUMA node(s)", "Hypervisor vendor"
/// (exact keys: "On-line CPU(s) list" and "NUMA node0 CPU(s)" are others).
/// </summary>
internal static class LscpuParser
{
    public const string ModelName = "Model name";
    public const string Cpus = "CPU(s)";
    public const string Sockets = "Socket(s)";
    public const string CoresPerSocket = "Core(s) per socket";
    public const string ThreadsPerCore = "Thread(s) per core";
    public const string NumaNodes = "NUMA node(s)";
    public const string HypervisorVendor = "Hypervisor vendor";

    /// <summary>The values by key; empty when the text is not lscpu's.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text) => CommandOutput.KeyValues(text);
}
