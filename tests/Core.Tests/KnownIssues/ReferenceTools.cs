using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>
/// The package managers themselves as the reference for version order: dpkg (essential on Debian,
/// and installed by ./test.sh).
/// </summary>
internal static class ReferenceTools
{
    /// <summary>The sign of dpkg's order of two versions, from two <c>dpkg --compare-versions … lt …</c> runs.</summary>
    public static int DpkgCompare(string a, string b)
    {
        if (DpkgLessThan(a, b))
            return -1;
        return DpkgLessThan(b, a) ? 1 : 0;
    }

    private static bool DpkgLessThan(string a, string b)
    {
        // "--": the versions are operands, never options (as dpkg's own scripts/t/Dpkg_Version.t calls it).
        var run = Programs.Try("dpkg", "--compare-versions", "--", a, "lt", b);
        return run.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new InvalidOperationException($"{run.Command} exited with {run.ExitCode}: {run.Stderr}"),
        };
    }
}
