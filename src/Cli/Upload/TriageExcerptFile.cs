using Crashdesk.Analysis;
using Crashdesk.Analysis.Excerpts;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Cli.Upload;

/// <summary>
/// The triage excerpt `crashdesk upload` sends ahead of a dump: the ranges of the dump the service's log-only
/// pass reads (Analysis/Excerpts), written to a temporary file named after the dump (<c>{dump}.triage</c>),
/// so that the case shows the panic line and the crash's class while the dump itself is still on its way.
/// </summary>
internal static class TriageExcerptFile
{
    /// <summary>The excerpt of <paramref name="dump"/> in a new temporary directory; null (and why, on <paramref name="error"/>) when the engine cannot open the file as a dump.</summary>
    public static FileInfo? Create(FileInfo dump, TextWriter error)
    {
        try
        {
            using var source = new FileByteSource(dump.FullName);
            var plan = DumpExcerptPlanner.Plan(source);
            string folder = Directory.CreateTempSubdirectory("crashdesk-triage-").FullName;
            var excerpt = new FileInfo(Path.Combine(folder, dump.Name + ".triage"));
            long size;
            using (var output = new FileStream(excerpt.FullName, FileMode.CreateNew, FileAccess.Write))
                size = DumpExcerptWriter.Write(source, plan.Ranges, dump.Name, output);
            error.WriteLine($"crashdesk upload: triage excerpt of {dump.Name}: {size} bytes ({100.0 * size / Math.Max(1, source.Length):0.00} % of the dump, " +
                $"{plan.Ranges.Ranges.Count} ranges){(plan.PanicLine is { } panic ? $"; panic: {panic}" : "")}");
            return excerpt;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"crashdesk upload: no triage excerpt of {dump.Name} ({e.Message.ReplaceLineEndings(" ")}); sending the file alone");
            return null;
        }
    }

    /// <summary>Removes the excerpt and its temporary directory.</summary>
    public static void Delete(FileInfo excerpt)
    {
        try
        {
            excerpt.Directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
