using System.Buffers;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Extractors.Dmesg;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk log &lt;dump&gt; [--json]`: the kernel log as crash's `log` prints it.</summary>
internal sealed class LogCommand : ICliCommand
{
    public string Name => "log";

    public string Summary => "print the kernel log of a dump like crash's `log` (--json for records)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        DumpCommandRunner.Run(Name, arguments, error, target =>
        {
            var log = KernelLogExtractor.Extract(target);
            var problems = log.Problems(target.FileInfo).ToList();
            if (arguments.Has("--json"))
                output.WriteLine(ToJson(log, problems));
            else
                output.Write(log.ToCrashText());
            // Everything readable is printed first; then what is missing and why, and a non-zero
            // exit so a script does not take a partial log for the whole one.
            foreach (var problem in problems)
                error.WriteLine($"crashdesk {Name}: {DumpText.Escape(problem, int.MaxValue)}");
            return problems.Count == 0 ? 0 : 1;
        });

    private static string ToJson(KernelLog log, IReadOnlyList<string> problems)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("layout", log.Layout.ToString());
            json.WriteString("panicLine", PanicLineFinder.Find(log));
            json.WriteStartArray("records");
            foreach (var r in log.Records)
            {
                json.WriteStartObject();
                if (r.Sequence is { } seq)
                    json.WriteNumber("sequence", seq);
                if (r.TimestampNanoseconds is { } ts)
                    json.WriteNumber("timestampNs", ts);
                json.WriteString("text", r.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("problems");
            foreach (var p in problems)
                json.WriteStringValue(p);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
