using Crashdesk.Analysis;
using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// Shared plumbing for commands that read one dump: argument check, opening the file, and turning
/// every expected failure into one line on stderr with exit code 1 (2 for usage errors).
/// </summary>
internal static class DumpCommandRunner
{
    /// <summary>Opens the dump named by the first positional argument and runs <paramref name="body"/>.</summary>
    public static int Run(string command, CliArguments arguments, TextWriter error, Func<KernelTarget, int> body) =>
        Guard(command, arguments, error, $"usage: crashdesk {command} <dump> [--json]", path =>
        {
            using var source = new FileByteSource(path);
            var target = KernelTarget.Open(source);
            try
            {
                return body(target);
            }
            catch (MemoryNotPresentException e) when (target.FileInfo.Truncated)
            {
                // Missing memory of a cut file: say that the file is cut (Formats.TruncationNote).
                throw new DumpFormatException(TruncationNote.Explain(e, target.FileInfo), e);
            }
        });

    /// <summary>
    /// The part every dump command shares: exactly one positional (else <paramref name="usage"/>, exit 2),
    /// the file exists, and expected failures become one line on stderr with exit 1.
    /// </summary>
    public static int Guard(string command, CliArguments arguments, TextWriter error, string usage, Func<string, int> body)
    {
        if (arguments.Positionals.Count != 1)
        {
            error.WriteLine(usage);
            return 2;
        }
        string path = arguments.Positionals[0];
        try
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"crashdesk {command}: {path}: no such file");
                return 1;
            }
            return body(path);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"crashdesk {command}: {OneLine(e.Message)}");
            return 1;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
