namespace Crashdesk.Core.Domain;

/// <summary>The wire names of <see cref="ArtifactKind"/> (`vmcore`, `debug-kernel`, `console-log`, `sosreport`, `other`, `archive`).</summary>
public static class ArtifactKinds
{
    public static readonly IReadOnlyList<string> Names = ["vmcore", "debug-kernel", "console-log", "sosreport", "other", "archive"];

    public static string ToName(ArtifactKind kind) => kind switch
    {
        ArtifactKind.Vmcore => "vmcore",
        ArtifactKind.DebugKernel => "debug-kernel",
        ArtifactKind.ConsoleLog => "console-log",
        ArtifactKind.Sosreport => "sosreport",
        ArtifactKind.Other => "other",
        ArtifactKind.Archive => "archive",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown artifact kind"),
    };

    public static bool TryParse(string? name, out ArtifactKind kind)
    {
        switch (name)
        {
            case "vmcore": kind = ArtifactKind.Vmcore; return true;
            case "debug-kernel": kind = ArtifactKind.DebugKernel; return true;
            case "console-log": kind = ArtifactKind.ConsoleLog; return true;
            case "sosreport": kind = ArtifactKind.Sosreport; return true;
            case "other": kind = ArtifactKind.Other; return true;
            case "archive": kind = ArtifactKind.Archive; return true;
            default: kind = default; return false;
        }
    }
}
