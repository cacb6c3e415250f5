using System.Text.RegularExpressions;
using Crashdesk.TestSupport;

namespace Crashdesk.Analysis.Tests.Diagnostics;

/// <summary>
/// Messages are in the user's words: an error or warning built in the engine never names a .NET
/// member such as `AnalysisLimits.MaxVmcoreInfoBytes` (no setting of the service has that name; the
/// message says what is limited and the limit instead). Reads the engine's sources.
/// </summary>
public sealed partial class MessageWordingTests
{
    // An interpolated or plain string literal that holds "AnalysisLimits." as text (not as code in a hole).
    [GeneratedRegex(@"\$?""[^""\n]*\(AnalysisLimits\.[A-Za-z]+\)[^""\n]*""")]
    private static partial Regex MemberNameInText();

    [Fact]
    public void No_message_names_an_AnalysisLimits_member()
    {
        string src = Path.Combine(RepositoryRoot.Path, "src", "Analysis");
        var offenders = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                continue;
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (!line.TrimStart().StartsWith("///", StringComparison.Ordinal) && MemberNameInText().IsMatch(line))
                    offenders.Add($"{Path.GetRelativePath(src, file)}:{number}: {line.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
