namespace Crashdesk.Core.Environments;

/// <summary>
/// Where an environment fact came from. A person's word (<see cref="Manual"/>, <see cref="Api"/>)
/// outranks a machine's reading (<see cref="Dump"/>, <see cref="Sosreport"/>): an automatic import
/// never overwrites what someone set by hand (<see cref="EnvironmentMerge"/>).
/// </summary>
public static class FactSources
{
    /// <summary>Read from the crash dump or console log by the analysis.</summary>
    public const string Dump = "dump";
    /// <summary>Read from an uploaded sosreport archive.</summary>
    public const string Sosreport = "sosreport";
    /// <summary>Typed in the UI by a person.</summary>
    public const string Manual = "manual";
    /// <summary>Sent through the REST API (an upload portal, a ticketing system).</summary>
    public const string Api = "api";

    public static readonly IReadOnlyList<string> All = [Dump, Sosreport, Manual, Api];

    /// <summary>True for the sources a person stands behind.</summary>
    public static bool IsPersonal(string source) => source is Manual or Api;
}
