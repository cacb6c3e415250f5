using System.Globalization;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.KnownIssues;

/// <summary>
/// The package managers themselves as the reference for version order: dpkg (essential on Debian)
/// and rpm, both installed by ./test.sh.
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

    /// <summary>
    /// rpm's order of each pair, from one <c>rpm --eval</c> of a Lua loop over rpm.vercmp() (the call
    /// rpm's own tests/rpmvercmp.at makes): rpmverCmp() on the EVRs rpmverParse() cuts.
    /// </summary>
    public static IReadOnlyList<int> RpmCompare(IReadOnlyList<(string A, string B)> pairs)
    {
        foreach (var (a, b) in pairs)
            Assert.True(IsPlain(a) && IsPlain(b), $"'{a}' / '{b}' would need quoting in the Lua source or the macro");
        string table = string.Join(",", pairs.Select(p => $"{{\"{p.A}\",\"{p.B}\"}}"));
        string lua = $"%{{lua: for _, p in ipairs({{{table}}}) do print(rpm.vercmp(p[1], p[2]) .. \"\\n\") end}}";
        string output = Programs.Try("rpm", "--eval", lua).Output();
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(pairs.Count, results.Count);
        return results;
    }

    private static bool IsPlain(string s) => s.Length > 0 && s.All(c => c is not ('"' or '\\' or '%' or '{' or '}') && !char.IsControl(c));
}
